import { calleeMethod, dottedName, isTestDoublePath, unwrap } from '../ast.js';
import { CRYPTO_GLOBALS, calledMember, constantText, nodeCryptoFunction, objectProperty } from '../crypto-values.js';
import { calleeNameFilter, matchingCalls, moduleMemberOf } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Call = NodeOfType<'CallExpression'>;

const CANDIDATES = new Set([
  'createCipheriv',
  'createDecipheriv',
  'createCipher',
  'createDecipher',
  'encrypt',
  'decrypt',
]);
/** Ciphers broken or retired: DES and 3DES, RC2, RC4, and the 64-bit block ciphers Sweet32 attacks. */
const WEAK_CIPHERS: [RegExp, string][] = [
  [/^(des|desx|3des|tripledes|des3)\b|^des-ede/, 'DES/3DES'],
  [/^(rc4|arcfour)/, 'RC4'],
  [/^rc2/, 'RC2'],
  [/^(bf|blowfish)\b/, 'Blowfish'],
  [/^cast/, 'CAST5'],
  [/^idea/, 'IDEA'],
];
/** crypto-js ciphers by object name. */
const CRYPTO_JS_CIPHERS: Record<string, string> = {
  DES: 'DES/3DES',
  TripleDES: 'DES/3DES',
  RC4: 'RC4',
  RC4Drop: 'RC4',
};

type Finding =
  | { messageId: 'ecbMode' | 'weakAlgorithm'; cipher: string }
  | { messageId: 'deprecatedApi'; cipher: string };

/** What is wrong with an OpenSSL cipher name (`aes-128-ecb`, `des-ede3-cbc`, `DES-ECB`), or null. */
function weakness(algorithm: string): Finding | null {
  const name = algorithm.toLowerCase();
  for (const [pattern, family] of WEAK_CIPHERS) {
    if (pattern.test(name)) return { messageId: 'weakAlgorithm', cipher: family };
  }
  return /(^|-)ecb$/.test(name) ? { messageId: 'ecbMode', cipher: name } : null;
}

/** `{ mode: CryptoJS.mode.ECB }`, or `mode: ECB` from `crypto-js/mode-ecb`. */
function isEcbMode(options: AstNode | undefined): boolean {
  const object = options ? unwrap(options) : null;
  if (object?.type !== 'ObjectExpression') return false;
  const mode = objectProperty(object, 'mode');
  if (!mode) return false;
  const value = mode.value as AstNode;
  const member = moduleMemberOf(value, CRYPTO_GLOBALS);
  if (member?.module === 'crypto-js/mode-ecb') return true;
  if (member?.module === 'crypto-js') return member.path.join('.') === 'mode.ECB';
  return /(^|\.)mode\.ECB$/.test(dottedName(value) ?? '');
}

/** crypto-js `CryptoJS.DES.encrypt(...)`, `AES.encrypt(m, k, { mode: CryptoJS.mode.ECB })`. */
function cryptoJsFinding(call: Call): Finding | null {
  const member = calledMember(call);
  if (!member) return null;
  const [cipher, operation] =
    member.module === 'crypto-js' ? member.path : [member.module.replace(/^crypto-js\//, ''), member.path[0]];
  if (!member.module.startsWith('crypto-js') || (operation !== 'encrypt' && operation !== 'decrypt') || !cipher)
    return null;
  const family =
    CRYPTO_JS_CIPHERS[cipher] ??
    CRYPTO_JS_CIPHERS[cipher.toUpperCase()] ??
    (cipher === 'tripledes' ? 'DES/3DES' : null);
  if (family) return { messageId: 'weakAlgorithm', cipher: family };
  return isEcbMode(call.arguments[2] as AstNode | undefined)
    ? { messageId: 'ecbMode', cipher: `${cipher} in ECB mode` }
    : null;
}

/** node-forge `forge.cipher.createCipher('DES-ECB', key)`. */
function forgeFinding(call: Call): Finding | null {
  const member = calledMember(call);
  if (member?.module !== 'node-forge' || member.path[0] !== 'cipher') return null;
  const algorithm = constantText(call.arguments[0] as AstNode | undefined);
  return algorithm === null ? null : weakness(algorithm);
}

function findingOf(call: Call): Finding | null {
  const crypto = nodeCryptoFunction(call);
  if (crypto === 'createCipher' || crypto === 'createDecipher')
    return { messageId: 'deprecatedApi', cipher: constantText(call.arguments[0] as AstNode | undefined) ?? crypto };
  if (crypto === 'createCipheriv' || crypto === 'createDecipheriv') {
    const algorithm = constantText(call.arguments[0] as AstNode | undefined);
    return algorithm === null ? null : weakness(algorithm);
  }
  if (crypto !== null) return null;
  return calleeMethod(call)?.startsWith('create') ? forgeFinding(call) : cryptoJsFinding(call);
}

export default defineRule({
  id: 'weak-cipher',
  meta: {
    description:
      'Encryption with a broken or retired cipher (DES, 3DES, RC4, RC2, Blowfish), in ECB mode, or through the deprecated createCipher API that derives the key with MD5 and uses no IV.',
    category: 'security',
    severity: 'high',
    cwe: [327],
    messages: {
      weakAlgorithm:
        '{{cipher}} is broken or retired (small keys or 64-bit blocks): data encrypted with it can be recovered. Use AES-256-GCM or ChaCha20-Poly1305.',
      ecbMode:
        '`{{cipher}}` uses ECB mode, which encrypts equal blocks to equal ciphertext and so leaks the structure of the data. Use an authenticated mode such as AES-256-GCM with a random IV.',
      deprecatedApi:
        '`crypto.createCipher`/`createDecipher` derive the key from a password with one round of MD5 and use no IV (removed in Node 22). Use `createCipheriv` with a key from scrypt or a key store and a random IV.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter((name) => CANDIDATES.has(name));
    return matchingCalls(filter, (call) => {
      const finding = findingOf(call);
      if (finding) context.report({ node: call, messageId: finding.messageId, data: { cipher: finding.cipher } });
    });
  },
});
