import { calleeMethod, isTestDoublePath, propertyName, staticString, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { callsWithValues, literalBoolean, propertyOf, rootName, type StaticValues } from '../static-values.js';

type Call = NodeOfType<'CallExpression'>;
type Danger = 'entities' | 'dtd';

/** libxml2 bindings whose parse options reach libxml2's own flags. */
const LIBXMLJS = new Set(['libxmljs', 'libxmljs2']);
const LIBXMLJS_PARSERS = new Set(['parseXml', 'parseXmlString', 'parseXmlAsync', 'fromXml']);
const LIBXML2_WASM_PARSERS = new Set(['fromString', 'fromBuffer']);
/** Boolean options of libxmljs (old and new names) and what turning them on does. */
const BOOLEAN_OPTIONS: Record<string, Danger> = {
  noent: 'entities',
  replaceEntities: 'entities',
  dtdload: 'dtd',
  dtdvalid: 'dtd',
  validateEntities: 'dtd',
};
/** libxml2 parser flags: XML_PARSE_NOENT (2) substitutes entities, DTDLOAD (4) and DTDVALID (16) fetch DTDs. */
const FLAG_BITS: Record<string, number> = { XML_PARSE_NOENT: 2, XML_PARSE_DTDLOAD: 4, XML_PARSE_DTDVALID: 16 };
const ENTITY_BITS = 2;
const DTD_BITS = 4 | 16;
const REQUEST_ROOT = /^(req|request|ctx|context|event)$/;
const MAYBE_XML = /libxml|xmllint/;

export default defineRule({
  id: 'xxe',
  meta: {
    description:
      'XML parsers configured to resolve external entities or load external DTDs (libxmljs `noent`/`replaceEntities`/`dtdload`, libxml2 XML_PARSE_NOENT flags, `xmllint --noent`): a document can read server files or reach internal URLs.',
    category: 'security',
    severity: 'high',
    cwe: [611],
    messages: {
      externalEntities:
        '`{{option}}` makes libxml2 replace entities, external ones included: a document that declares `<!ENTITY x SYSTEM "file:///etc/passwd">` reads server files or internal URLs into the result (XXE).{{input}} Remove the option; entities are left alone by default.',
      externalDtd:
        '`{{option}}` makes libxml2 load the DTDs a document names: a document can make the server fetch any URL or file (SSRF, out-of-band XXE).{{input}} Remove it, or validate against a local schema with `nonet: true`.',
    },
  },
  create(context) {
    const { text } = context.source;
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || !MAYBE_XML.test(text)) return {};

    const report = (danger: Danger, option: string, at: AstNode, input: AstNode | undefined): void => {
      const messageId = danger === 'entities' ? 'externalEntities' : 'externalDtd';
      context.report({ node: at, messageId, data: { option, input: inputNote(input, text) } });
    };

    return callsWithValues(text, (calls, values) => {
      for (const call of calls) {
        const input = call.arguments[0] as AstNode | undefined;
        if (isXmlParse(call, values)) {
          const options = values.objectOf(call.arguments[1] as AstNode | undefined);
          const found = options ? dangerousOption(options, values) : null;
          if (found) report(found.danger, found.option, found.at, input);
        } else if (runsXmllintNoent(call, values)) report('entities', 'xmllint --noent', call, undefined);
      }
    });
  },
});

/** `libxmljs.parseXml(...)`, `parseXmlString` (destructured or aliased), libxml2-wasm `XmlDocument.fromString(...)`. */
function isXmlParse(call: Call, values: StaticValues): boolean {
  const method = calleeMethod(call);
  if (method === null || call.arguments.length < 2) return false;
  if (!LIBXMLJS_PARSERS.has(method) && !LIBXML2_WASM_PARSERS.has(method)) return false;
  const ref = values.moduleOf(call.callee as AstNode);
  if (!ref) return false;
  const name = ref.path[ref.path.length - 1] ?? '';
  if (LIBXMLJS.has(ref.module)) return LIBXMLJS_PARSERS.has(name);
  return ref.module === 'libxml2-wasm' && LIBXML2_WASM_PARSERS.has(name);
}

/**
 * The most dangerous setting of a parse call's options, one per call: entity substitution before
 * DTD loading, which it implies the worst of.
 */
function dangerousOption(
  options: NodeOfType<'ObjectExpression'>,
  values: StaticValues,
): { danger: Danger; option: string; at: AstNode } | null {
  const found: { danger: Danger; option: string; at: AstNode }[] = [];
  for (const [option, danger] of Object.entries(BOOLEAN_OPTIONS)) {
    const property = propertyOf(options, option);
    if (property && literalBoolean(values.resolve(property.value as AstNode)) === true)
      found.push({ danger, option: `${option}: true`, at: property });
  }
  for (const key of ['flags', 'option']) {
    const property = propertyOf(options, key);
    const bits = property ? flagBits(property.value as AstNode, values) : 0;
    if (property && bits & ENTITY_BITS) found.push({ danger: 'entities', option: 'XML_PARSE_NOENT', at: property });
    else if (property && bits & DTD_BITS) found.push({ danger: 'dtd', option: 'XML_PARSE_DTDLOAD', at: property });
  }
  return found.find((f) => f.danger === 'entities') ?? found[0] ?? null;
}

/** The libxml2 flag bits a `flags: [...]` array or an `option: A | B` number sets. */
function flagBits(node: AstNode, values: StaticValues): number {
  const value = values.resolve(node);
  switch (value.type) {
    case 'ArrayExpression':
      return value.elements.reduce((bits, element) => bits | (element ? flagBits(element as AstNode, values) : 0), 0);
    case 'BinaryExpression':
      return value.operator === '|' || value.operator === '+'
        ? flagBits(value.left as AstNode, values) | flagBits(value.right as AstNode, values)
        : 0;
    case 'MemberExpression':
      return FLAG_BITS[propertyName(value) ?? ''] ?? 0;
    case 'Literal':
      return typeof value.value === 'number' ? value.value : 0;
    default:
      return 0;
  }
}

/** `exec('xmllint --noent ' + file)`, `execFile('xmllint', ['--noent', file])`. */
function runsXmllintNoent(call: Call, values: StaticValues): boolean {
  const method = calleeMethod(call);
  if (method === null || !/^(exec|execSync|execFile|execFileSync|spawn|spawnSync)$/.test(method)) return false;
  const [command, list] = call.arguments as (AstNode | undefined)[];
  const words: string[] = [];
  const collect = (node: AstNode | null | undefined): void => {
    const target = node ? unwrap(node) : null;
    if (!target) return;
    if (target.type === 'TemplateLiteral') for (const quasi of target.quasis) words.push(quasi.value.cooked ?? '');
    else if (target.type === 'BinaryExpression') {
      collect(target.left as AstNode);
      collect(target.right as AstNode);
    } else if (target.type === 'ArrayExpression')
      for (const element of target.elements) collect(element as AstNode | null);
    else words.push(staticString(target) ?? '');
  };
  collect(command);
  collect(list);
  const joined = words.join(' ');
  return (
    /\bxmllint\b/.test(joined) &&
    /(^|\s)--noent\b/.test(joined) &&
    values.moduleOf(call.callee as AstNode)?.module === 'child_process'
  );
}

/** Says so when the parsed text visibly comes from the request: the finding is then certain. */
function inputNote(input: AstNode | undefined, text: string): string {
  if (!input) return '';
  const root = rootName(input);
  if (root === null || !REQUEST_ROOT.test(root)) return '';
  const source = text.slice(input.start, Math.min(input.end, input.start + 40));
  return ` Here the document is request data (\`${source}\`).`;
}
