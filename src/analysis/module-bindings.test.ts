import { describe, expect, it } from 'vitest';
import { declarationOf, moduleMemberOf } from './module-bindings.js';
import type { AstNode } from './rule.js';
import { nodesOf, nodeWithText, parseFixture } from './test-support/ast-fixture.js';

/** The last identifier named `name` in the snippet: the reference under test. */
function lastReference(code: string, name: string) {
  const program = parseFixture(code);
  const all = nodesOf(program, 'Identifier', (node) => node.name === name);
  const reference = all[all.length - 1];
  if (!reference) throw new Error(`no ${name}`);
  return reference;
}

function memberOf(code: string, text: string, globals: Record<string, string> = {}) {
  const program = parseFixture(code);
  return moduleMemberOf(nodeWithText(code, program, 'MemberExpression', text) as AstNode, globals);
}

describe('declarationOf', () => {
  it('finds imports of every form', () => {
    expect(declarationOf(lastReference(`import c from 'node:crypto';\nc;`, 'c'))).toEqual({
      kind: 'import',
      module: 'crypto',
      imported: null,
    });
    expect(declarationOf(lastReference(`import * as c from 'crypto';\nc;`, 'c'))).toMatchObject({ imported: null });
    expect(declarationOf(lastReference(`import { createHash as h } from 'crypto';\nh;`, 'h'))).toMatchObject({
      module: 'crypto',
      imported: 'createHash',
    });
    expect(declarationOf(lastReference(`import c = require('crypto');\nc;`, 'c'))).toMatchObject({ module: 'crypto' });
  });

  it('gives the path into a destructuring pattern and whether the binding is constant', () => {
    const nested = declarationOf(lastReference(`const { a: { b: x } } = load();\nx;`, 'x'));
    expect(nested).toMatchObject({ kind: 'variable', path: ['a', 'b'], constant: true });
    expect(declarationOf(lastReference(`let k = 'a';\nk;`, 'k'))).toMatchObject({ constant: true });
    expect(declarationOf(lastReference(`let k = 'a';\nk = 'b';\nk;`, 'k'))).toMatchObject({ constant: false });
    expect(declarationOf(lastReference(`const [a] = list;\na;`, 'a'))).toEqual({ kind: 'other' });
  });

  it('resolves to the nearest scope: parameters and inner declarations shadow outer ones', () => {
    const code = `import key from 'k';\nfunction f(key) { return key; }`;
    expect(declarationOf(lastReference(code, 'key'))?.kind).toBe('parameter');
    const inner = `const iv = 'a';\nfunction g() { const iv = random(); return iv; }`;
    const declaration = declarationOf(lastReference(inner, 'iv'));
    expect(declaration?.kind === 'variable' && declaration.declarator.init?.type).toBe('CallExpression');
  });

  it('returns null for globals', () => {
    expect(declarationOf(lastReference('Math.random();', 'Math'))).toBeNull();
  });
});

describe('moduleMemberOf', () => {
  it('follows require, destructuring and aliases', () => {
    expect(memberOf(`require('node:crypto').createHash;`, `require('node:crypto').createHash`)).toEqual({
      module: 'crypto',
      path: ['createHash'],
    });
    const code = `const { subtle } = require('crypto');\nconst s = subtle;\ns.digest;`;
    expect(memberOf(code, 's.digest')).toEqual({ module: 'crypto', path: ['subtle', 'digest'] });
  });

  it('sees through interop wrappers and dynamic imports', () => {
    const interop = `var _jwt = _interopRequireDefault(require('jsonwebtoken'));\n_jwt.default.sign;`;
    expect(memberOf(interop, '_jwt.default.sign')).toEqual({ module: 'jsonwebtoken', path: ['sign'] });
    const dynamic = `async function f() { const c = await import('node:crypto'); return c.randomBytes; }`;
    expect(memberOf(dynamic, 'c.randomBytes')).toEqual({ module: 'crypto', path: ['randomBytes'] });
  });

  it('maps undeclared globals only when asked, and never parameters', () => {
    expect(memberOf('CryptoJS.AES.encrypt;', 'CryptoJS.AES.encrypt')).toBeNull();
    expect(memberOf('CryptoJS.AES.encrypt;', 'CryptoJS.AES.encrypt', { CryptoJS: 'crypto-js' })).toEqual({
      module: 'crypto-js',
      path: ['AES', 'encrypt'],
    });
    const param = 'function f(CryptoJS) { return CryptoJS.AES; }';
    expect(memberOf(param, 'CryptoJS.AES', { CryptoJS: 'crypto-js' })).toBeNull();
  });
});
