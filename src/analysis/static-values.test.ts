import { describe, expect, it } from 'vitest';
import { dottedName } from './ast.js';
import { parseSource } from './parse.js';
import type { AstNode, NodeOfType } from './rule.js';
import { isEnvironmentGated, literalBoolean, optionOf, rootName, staticValues } from './static-values.js';
import { forEachDescendant } from './traverse.js';

/** Parses `code` and returns the file's values and its call expressions, in source order. */
function setUp(code: string) {
  const parsed = parseSource('src/example.ts', code);
  if (!parsed.ok) throw new Error(parsed.diagnostic.message);
  const program = parsed.program as unknown as NodeOfType<'Program'>;
  const calls: NodeOfType<'CallExpression'>[] = [];
  forEachDescendant(program, (node) => {
    if (node.type === 'CallExpression') calls.push(node);
    return undefined;
  });
  calls.sort((a, b) => a.start - b.start);
  return { values: staticValues(program, code), calls, code };
}

describe('StaticValues', () => {
  it('resolves callees to module members through imports, require, destructuring and aliases', () => {
    const { values, calls } = setUp(`import corsMiddleware from 'cors';
import * as fsp from 'node:fs/promises';
const { chmodSync: setMode } = require('fs');
const lib = require('libxmljs');
const parse = lib.parseXml;
corsMiddleware();
fsp.chmod('a', 1);
setMode('b', 2);
parse('<a/>');
(0, lib.parseXmlString)('<b/>');
local();`);
    const refs = calls
      .filter((c) => dottedName(c.callee as AstNode) !== 'require')
      .map((c) => values.moduleOf(c.callee as AstNode));
    expect(refs).toEqual([
      { module: 'cors', path: [] },
      { module: 'fs/promises', path: ['chmod'] },
      { module: 'fs', path: ['chmodSync'] },
      { module: 'libxmljs', path: ['parseXml'] },
      { module: 'libxmljs', path: ['parseXmlString'] },
      null,
    ]);
  });

  it('follows constants to their values, but not variables assigned again', () => {
    const { values, calls } = setUp(`const OPTIONS = { origin: true };
const ALIAS = OPTIONS;
let mode = 0o777;
mode = 0o755;
var kept = 'x';
use(ALIAS, mode, kept);`);
    const [alias, mode, kept] = (calls[0]?.arguments ?? []) as AstNode[];
    expect(values.objectOf(alias)?.type).toBe('ObjectExpression');
    expect(values.resolve(mode as AstNode).type).toBe('Identifier');
    expect(values.resolve(kept as AstNode).type).toBe('Literal');
  });

  it('tells whether a spread may supply or override an option', () => {
    const { values, calls } = setUp(`f({ a: 1, ...rest }, { ...rest, a: 1 }, { ...rest }, { b: 2 });`);
    const objects = (calls[0]?.arguments ?? []).map((a) => values.objectOf(a as AstNode));
    const lookups = objects.map((o) => (o ? optionOf(o, 'a') : null));
    expect(lookups.map((l) => [l?.value !== null, l?.known])).toEqual([
      [true, false],
      [true, true],
      [false, false],
      [false, true],
    ]);
  });

  it('reads boolean literals and the root of a chain', () => {
    const { calls } = setUp(`f(true, !0, !1, 'true', res.status(500).json);`);
    const args = (calls[0]?.arguments ?? []) as AstNode[];
    expect(args.slice(0, 4).map((a) => literalBoolean(a))).toEqual([true, true, false, null]);
    expect(rootName(args[4] as AstNode)).toBe('res');
  });

  it('sees code chosen by the environment', () => {
    const { calls, code } = setUp(`if (process.env.NODE_ENV !== 'production') a();
const x = isDev ? b() : null;
function developmentHandler() { c(); }
app.configure('development', function () { d(); });
e();
router.get('/dev', () => f());`);
    expect(
      calls
        .filter((c) => /^[a-f]$/.test(dottedName(c.callee as AstNode) ?? ''))
        .map((c) => isEnvironmentGated(c, code)),
    ).toEqual([true, true, true, true, false, false]);
  });
});
