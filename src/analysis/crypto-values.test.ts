import { describe, expect, it } from 'vitest';
import { constantValue, nodeCryptoFunction } from './crypto-values.js';
import type { AstNode } from './rule.js';
import { nodesOf, parseFixture } from './test-support/ast-fixture.js';

/** The value of the last argument of the last call to `use(...)` in the snippet. */
function used(code: string) {
  const program = parseFixture(code);
  const calls = nodesOf(
    program,
    'CallExpression',
    (call) => call.callee.type === 'Identifier' && call.callee.name === 'use',
  );
  const call = calls[calls.length - 1];
  return constantValue(call?.arguments[call.arguments.length - 1] as AstNode);
}

function cryptoFunctions(code: string, filename?: string): (string | null)[] {
  const program = parseFixture(code, filename);
  return nodesOf(
    program,
    'CallExpression',
    (call) => call.callee.type !== 'Identifier' || call.callee.name !== 'require',
  ).map(nodeCryptoFunction);
}

describe('constantValue', () => {
  it('reads literals, templates, concatenation and arithmetic', () => {
    expect(used(`use('abc');`)?.text).toBe('abc');
    expect(used(`const A = 2; use(\`x\${A}y\`);`)?.text).toBe('x2y');
    expect(used(`use('a' + 'b');`)?.text).toBe('ab');
    expect(used('use(2 ** 10 * 2);')?.number).toBe(2048);
    expect(used('use(-1);')?.number).toBe(-1);
  });

  it('follows constants, object literals and class fields, and records where it read them', () => {
    const value = used(
      `const CONFIG = { crypto: { iv: 'fixed-iv-value-1' } };\nconst { crypto: { iv } } = CONFIG;\nuse(iv);`,
    );
    expect(value?.text).toBe('fixed-iv-value-1');
    expect(value?.holders.map((h) => h.type)).toEqual(['VariableDeclarator']);
    expect(used(`const CONFIG = { iv: 'x' };\nuse(CONFIG.iv);`)?.holders.map((h) => h.type)).toEqual(['Property']);
    const field = used(`class Vault {\n  iv = Buffer.from('0000');\n  seal() { use(this.iv); }\n}`);
    expect(field?.text).toBe('0000');
  });

  it('knows bytes written in the source, zeroed buffers included', () => {
    expect(used(`use(Buffer.from('00ff', 'hex'));`)?.text).toBe('00ff');
    expect(used('use(Buffer.alloc(16));')?.zeroFilled).toBe(true);
    expect(used('use(Buffer.alloc(16, 1));')?.zeroFilled).toBe(false);
    expect(used('use(new Uint8Array(12));')?.zeroFilled).toBe(true);
    expect(used('use(Buffer.from([0, 0, 0]));')?.zeroFilled).toBe(true);
    expect(used(`use(new TextEncoder().encode('k'));`)?.text).toBe('k');
    expect(used(`const enc = new TextEncoder();\nuse(enc.encode('k'));`)?.text).toBe('k');
    expect(used(`use(CryptoJS.enc.Utf8.parse('1234'));`)?.text).toBe('1234');
  });

  it('refuses values that vary', () => {
    expect(used('use(process.env.KEY);')).toBeNull();
    expect(used('use(randomBytes(16));')).toBeNull();
    expect(used(`let k = 'a';\nif (x) k = 'b';\nuse(k);`)).toBeNull();
    expect(used('function f(key) { use(key); }')).toBeNull();
    expect(used('const iv = Buffer.alloc(16);\ncrypto.randomFillSync(iv);\nuse(iv);')).toBeNull();
    expect(
      used(
        `class V {\n  iv = Buffer.alloc(16);\n  rotate() { this.iv = randomBytes(16); }\n  seal() { use(this.iv); }\n}`,
      ),
    ).toBeNull();
  });
});

describe('nodeCryptoFunction', () => {
  it('names functions of Node crypto however they are imported', () => {
    expect(
      cryptoFunctions(`
import * as nodeCrypto from 'node:crypto';
import { createHash as h } from 'crypto';
const { pbkdf2Sync } = require('crypto');
nodeCrypto.createCipheriv('aes-256-gcm', k, iv);
h('md5');
pbkdf2Sync(p, s, 1, 32, 'sha256');
require('crypto').randomBytes(16);
crypto.subtle.digest('SHA-256', data);
window.crypto.subtle.encrypt(params, key, data);
this.crypto.createHmac('sha256', key);`),
    ).toEqual([
      'createCipheriv',
      'createHash',
      'pbkdf2Sync',
      'randomBytes',
      'subtle.digest',
      'subtle.encrypt',
      'createHmac',
    ]);
  });

  it('leaves other modules and local functions alone', () => {
    expect(
      cryptoFunctions(`
import forge from 'node-forge';
function createHash(value) { return value; }
forge.cipher.createCipher('AES-CBC', key);
createHash('x');
new Envelope().createCipher('des');
hasher.update(data);`),
    ).toEqual([null, null, null, null]);
  });
});
