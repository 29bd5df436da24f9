import { isTestDoublePath, unwrap } from '../ast.js';
import { isSecretKeyName, passwordAmong, valueName } from '../crypto-names.js';
import { constantText, nodeCryptoFunction } from '../crypto-values.js';
import { type HashComputation, hashComputation, isHashFunctionName, normalizeAlgorithm } from '../hash-computations.js';
import { calleeNameFilter, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Call = NodeOfType<'CallExpression'>;

/** Digests with practical collisions: a signature over them can be moved to a forged document. */
const COLLIDING = /(md2|md4|md5|sha1)(?!\d)/;
/** Merkle-Damgard hashes: `H(secret || data)` can be extended without the secret. */
const EXTENDABLE = /^(md4|md5|sha1|sha224|sha256|sha384|sha512|ripemd160|rmd160)$/;
const SIGNING_FUNCTIONS = new Set(['createSign', 'createVerify', 'sign', 'verify']);

/** The secret-named value among parts hashed together: `md5(appSecret + params)`, `update(key).update(body)`. */
function secretIn(node: AstNode, depth = 0): string | null {
  const target = unwrap(node);
  if (depth > 6) return null;
  if (target.type === 'BinaryExpression' && target.operator === '+')
    return secretIn(target.left as AstNode, depth + 1) ?? secretIn(target.right as AstNode, depth + 1);
  if (target.type === 'TemplateLiteral') {
    for (const expression of target.expressions) {
      const found = secretIn(expression as AstNode, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const name = target.type === 'Identifier' || target.type === 'MemberExpression' ? valueName(target) : null;
  return name !== null && isSecretKeyName(name) ? name : null;
}

/** More than one piece goes into the hash: a concatenation, a template, or several `update` calls. */
function combinesParts(hash: HashComputation): boolean {
  if (hash.inputs.length > 1) return true;
  const only = hash.inputs[0] ? unwrap(hash.inputs[0]) : null;
  return (
    (only?.type === 'BinaryExpression' && only.operator === '+') ||
    (only?.type === 'TemplateLiteral' && only.expressions.length > 0)
  );
}

function prefixMacFinding(call: Call): { secret: string; algorithm: string } | null {
  const hash = hashComputation(call);
  if (!hash || hash.key || !EXTENDABLE.test(hash.algorithm) || !combinesParts(hash)) return null;
  // Passwords hashed with a fast hash are weak-password-hash's finding.
  if (passwordAmong(hash.inputs) !== null) return null;
  for (const input of hash.inputs) {
    const secret = secretIn(input);
    if (secret) return { secret, algorithm: hash.algorithm };
  }
  return null;
}

function signatureAlgorithm(call: Call): string | null {
  const fn = nodeCryptoFunction(call);
  if (fn === null || !SIGNING_FUNCTIONS.has(fn)) return null;
  const algorithm = constantText(call.arguments[0] as AstNode | undefined);
  return algorithm !== null && COLLIDING.test(normalizeAlgorithm(algorithm)) ? algorithm : null;
}

export default defineRule({
  id: 'weak-hash',
  meta: {
    description:
      'Signatures made or checked over MD5 or SHA-1, and message authentication built as a hash of a secret joined to the data instead of an HMAC.',
    category: 'security',
    severity: 'medium',
    cwe: [327, 328],
    messages: {
      weakSignature:
        'Signature over `{{algorithm}}`: MD5 and SHA-1 have practical collisions, so a signature can be carried over to a forged message. Use SHA-256 or stronger (`RSA-SHA256`, Ed25519).',
      secretPrefixMac:
        '`{{secret}}` is hashed together with the data ({{algorithm}}) to authenticate it: with this hash anyone can append data and compute a valid digest without the secret (length extension), and equal-time comparison is easy to forget. Use `crypto.createHmac` and `timingSafeEqual`.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter((name) => SIGNING_FUNCTIONS.has(name) || isHashFunctionName(name));
    return matchingCalls(filter, (call) => {
      const algorithm = signatureAlgorithm(call);
      if (algorithm !== null) {
        context.report({ node: call, messageId: 'weakSignature', data: { algorithm } });
        return;
      }
      const mac = prefixMacFinding(call);
      if (mac) context.report({ node: call, messageId: 'secretPrefixMac', data: mac });
    });
  },
});
