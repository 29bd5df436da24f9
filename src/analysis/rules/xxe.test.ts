import { testRule } from '../test-support/rule-tester.js';
import rule from './xxe.js';

testRule(rule, {
  valid: [
    // libxmljs leaves entities alone by default.
    `const libxmljs = require('libxmljs');
const doc = libxmljs.parseXml(xml);`,
    `const libxmljs = require('libxmljs2');
const doc = libxmljs.parseXml(req.body, { noblanks: true, nocdata: true });`,
    // Turned off explicitly.
    `import { parseXmlString } from 'libxmljs2';
const doc = parseXmlString(input, { noent: false, nonet: true });`,
    // Chosen at run time: not known to be on.
    `const libxmljs = require('libxmljs');
const doc = libxmljs.parseXml(xml, { noent: options.expandEntities });`,
    // Parsers that never fetch external entities.
    `const { DOMParser } = require('@xmldom/xmldom');
const doc = new DOMParser().parseFromString(req.body, 'text/xml');`,
    `import { XMLParser } from 'fast-xml-parser';
const data = new XMLParser({ processEntities: true }).parse(req.body);`,
    `const xml2js = require('xml2js');
xml2js.parseString(req.body, { explicitArray: false }, done);`,
    // Another library's parseXml.
    `import { parseXml } from './xml.js';
parseXml(text, { noent: true });`,
    // libxmljs 1.x flags without entity substitution.
    `import { parseXml, XMLParseFlags } from 'libxmljs';
const doc = parseXml(xml, { flags: [XMLParseFlags.XML_PARSE_RECOVER] });`,
    // xmllint without --noent.
    `const { execFile } = require('child_process');
execFile('xmllint', ['--noout', '--schema', 'schema.xsd', file], done);`,
    // A test may parse hostile documents on purpose.
    {
      code: `const libxmljs = require('libxmljs');
libxmljs.parseXml(payload, { noent: true });`,
      filename: 'test/xxe.test.js',
    },
  ],
  invalid: [
    {
      code: `const libxmljs = require('libxmljs');
app.post('/import', (req, res) => {
  const doc = libxmljs.parseXmlString(req.body, { noent: true, noblanks: true });
  res.json(doc.root().text());
});`,
      errors: [{ messageId: 'externalEntities', line: 3 }],
    },
    // Aliased import, options in a constant.
    {
      code: `import * as libxml from 'libxmljs2';
const PARSE_OPTIONS = { noent: true, nonet: true };
export function readFeed(xml: string) {
  return libxml.parseXml(xml, PARSE_OPTIONS);
}`,
      errors: [{ messageId: 'externalEntities', line: 2 }],
    },
    {
      code: `const { parseXml } = require('libxmljs');
const doc = parseXml(body, { replaceEntities: true });`,
      errors: [{ messageId: 'externalEntities', line: 2 }],
    },
    {
      code: `const libxmljs = require('libxmljs');
const doc = libxmljs.parseXml(upload, { dtdload: true, dtdvalid: true });`,
      errors: [{ messageId: 'externalDtd', line: 2 }],
    },
    // Bundled by esbuild; both settings on, one finding for the worse.
    {
      code: `var import_libxmljs2 = __toESM(require("libxmljs2"));
function convert(xmlString) {
  return import_libxmljs2.default.parseXml(xmlString, {
    dtdvalid: true,
    nonet: false,
    noent: true,
  });
}`,
      errors: [{ messageId: 'externalEntities', line: 6 }],
    },
    {
      code: `import { parseXml, XMLParseFlags } from 'libxmljs';
const doc = parseXml(xml, { flags: [XMLParseFlags.XML_PARSE_RECOVER, XMLParseFlags.XML_PARSE_NOENT] });`,
      errors: [{ messageId: 'externalEntities', line: 2 }],
    },
    {
      code: `import { XmlDocument, ParseOption } from 'libxml2-wasm';
const doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NOENT | ParseOption.XML_PARSE_DTDLOAD });`,
      errors: [{ messageId: 'externalEntities', line: 2 }],
    },
    {
      code: `const { execSync } = require('child_process');
const out = execSync(\`xmllint --noent --format \${file}\`);`,
      errors: [{ messageId: 'externalEntities', line: 2 }],
    },
  ],
});
