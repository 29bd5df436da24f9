import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

/**
 * The OASIS SARIF 2.1.0 schema declares JSON Schema draft-04, which Ajv 8 does not ship. Its only
 * draft-04-specific parts are the root `id` and `$schema`; every other keyword it uses (type,
 * properties, required, enum, items, anyOf, oneOf, minimum, pattern, format, $ref...) means the
 * same in draft-07, Ajv's default. So the committed file is loaded as is and only its identity
 * is restated in draft-07 terms before compiling.
 */
export function loadSarifValidator(): ValidateFunction {
  const schema = JSON.parse(
    readFileSync(new URL('../fixtures/sarif-2.1.0-schema.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const text = JSON.stringify(schema);
  // Draft-04's boolean exclusiveMinimum/Maximum would change meaning in draft-07; make sure none is used.
  expect(text).not.toMatch(/"exclusive(Minimum|Maximum)"/);
  const { id, $schema: _draft04, ...rest } = schema;
  const draft07 = { ...rest, $schema: 'http://json-schema.org/draft-07/schema#', $id: String(id) };
  // The schema's `language` pattern has a stray `]` that is only legal without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is CommonJS; under NodeNext its plugin function is the `default` property.
  addFormatsModule.default(ajv);
  return ajv.compile(draft07);
}
