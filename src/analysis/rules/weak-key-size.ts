import { isTestDoublePath, unwrap } from '../ast.js';
import { calledMember, constantNumber, constantText, nodeCryptoFunction, objectProperty } from '../crypto-values.js';
import { normalizeAlgorithm } from '../hash-computations.js';
import { calleeNameFilter, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Call = NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>;
type MessageId = 'smallModulus' | 'weakCurve' | 'fewIterations' | 'lowCost';
interface Finding {
  messageId: MessageId;
  node: AstNode;
  data: Record<string, string | number>;
}

const CANDIDATES = new Set([
  'generateKeyPair',
  'generateKeyPairSync',
  'createDiffieHellman',
  'getDiffieHellman',
  'createDiffieHellmanGroup',
  'pbkdf2',
  'pbkdf2Sync',
  'scrypt',
  'scryptSync',
  'deriveKey',
  'deriveBits',
  'PBKDF2',
  'hash',
  'hashSync',
  'genSalt',
  'genSaltSync',
  'NodeRSA',
]);
const MIN_MODULUS = 2048;
/** Node's own default cost; OWASP asks for 2^17. */
const MIN_SCRYPT_COST = 16384;
/** OWASP's minimum bcrypt work factor. */
const MIN_BCRYPT_COST = 10;
const DEFAULT_MIN_ITERATIONS = 100_000;
/** OWASP Password Storage Cheat Sheet (2023) iteration counts for PBKDF2, by HMAC digest. */
const OWASP_ITERATIONS: Record<string, number> = { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 };
/** MODP groups under 2048 bits (RFC 2409, RFC 3526): modp1 768, modp2 1024, modp5 1536. */
const SMALL_GROUPS: Record<string, number> = { modp1: 768, modp2: 1024, modp5: 1536 };
/** Named curves under 224 bits, which give less than 112 bits of security. */
const WEAK_CURVE =
  /^(secp(112|128|160|192)|sect(113|131|163|193)|prime192v|c2pnb1[67]|c2tnb191|wap-wsg-idm-ecid|brainpoolp(160|192)|p-192)/i;
const BCRYPT = new Set(['bcrypt', 'bcryptjs', 'bcrypt-nodejs']);

function optionNumber(options: AstNode | undefined, keys: readonly string[]): { node: AstNode; value: number } | null {
  const object = options ? unwrap(options) : null;
  if (object?.type !== 'ObjectExpression') return null;
  for (const key of keys) {
    const property = objectProperty(object, key);
    const value = property ? constantNumber(property.value as AstNode) : null;
    if (property && value !== null) return { node: property, value };
  }
  return null;
}

function optionText(options: AstNode | undefined, key: string): string | null {
  const object = options ? unwrap(options) : null;
  if (object?.type !== 'ObjectExpression') return null;
  const property = objectProperty(object, key);
  return property ? constantText(property.value as AstNode) : null;
}

function modulusFinding(type: string, node: AstNode, bits: number): Finding | null {
  return bits < MIN_MODULUS ? { messageId: 'smallModulus', node, data: { type: type.toUpperCase(), bits } } : null;
}

function keyPairFinding(args: AstNode[]): Finding | null {
  const type = constantText(args[0]);
  if (type === null) return null;
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') {
    const size = optionNumber(args[1], ['modulusLength']);
    return size ? modulusFinding(type, size.node, size.value) : null;
  }
  if (type === 'dh') {
    const size = optionNumber(args[1], ['primeLength']);
    const group = optionText(args[1], 'group');
    if (size) return modulusFinding('DH', size.node, size.value);
    const groupBits = group === null ? undefined : SMALL_GROUPS[group];
    return groupBits === undefined || !args[1] ? null : modulusFinding('DH', args[1], groupBits);
  }
  const curve = type === 'ec' ? optionText(args[1], 'namedCurve') : null;
  return curve !== null && WEAK_CURVE.test(curve) && args[1]
    ? { messageId: 'weakCurve', node: args[1], data: { curve } }
    : null;
}

function iterationsFinding(node: AstNode, iterations: number, digest: string | null, minimum: number): Finding | null {
  if (iterations >= minimum) return null;
  const name = digest === null ? 'sha1' : normalizeAlgorithm(digest);
  const recommended = OWASP_ITERATIONS[name] ?? OWASP_ITERATIONS.sha256;
  return {
    messageId: 'fewIterations',
    node,
    data: { iterations, digest: name.toUpperCase(), recommended: (recommended ?? 0).toLocaleString('en-US') },
  };
}

function costFinding(node: AstNode | undefined, kdf: string, cost: number | null, minimum: number): Finding | null {
  return node && cost !== null && cost < minimum ? { messageId: 'lowCost', node, data: { kdf, cost, minimum } } : null;
}

function nodeCryptoFinding(fn: string, args: AstNode[], minIterations: number): Finding | null {
  switch (fn) {
    case 'generateKeyPair':
    case 'generateKeyPairSync':
      return keyPairFinding(args);
    case 'createDiffieHellman': {
      const bits = constantNumber(args[0]);
      return bits === null || !args[0] ? null : modulusFinding('DH', args[0], bits);
    }
    case 'getDiffieHellman':
    case 'createDiffieHellmanGroup': {
      const bits = SMALL_GROUPS[constantText(args[0]) ?? ''];
      return bits === undefined || !args[0] ? null : modulusFinding('DH', args[0], bits);
    }
    case 'pbkdf2':
    case 'pbkdf2Sync': {
      const iterations = constantNumber(args[2]);
      return iterations === null || !args[2]
        ? null
        : iterationsFinding(args[2], iterations, constantText(args[4]), minIterations);
    }
    case 'scrypt':
    case 'scryptSync': {
      const cost = optionNumber(args[3], ['N', 'cost']);
      return cost ? costFinding(cost.node, 'scrypt', cost.value, MIN_SCRYPT_COST) : null;
    }
    default:
      return /(^|\.)subtle\.derive(Key|Bits)$/.test(fn) ? webCryptoFinding(args[0], minIterations) : null;
  }
}

function webCryptoFinding(params: AstNode | undefined, minIterations: number): Finding | null {
  if (optionText(params, 'name') !== 'pbkdf2') return null;
  const iterations = optionNumber(params, ['iterations']);
  const hash = optionText(params, 'hash');
  return iterations ? iterationsFinding(iterations.node, iterations.value, hash, minIterations) : null;
}

function packageFinding(call: Call, minIterations: number): Finding | null {
  const member = calledMember(call);
  if (!member) return null;
  const args = call.arguments as AstNode[];
  const last = member.path[member.path.length - 1] ?? '';
  if (BCRYPT.has(member.module)) {
    const cost = /^genSalt/.test(last) ? args[0] : /^hash/.test(last) ? args[1] : undefined;
    return costFinding(cost, 'bcrypt', constantNumber(cost), MIN_BCRYPT_COST);
  }
  if (member.module === 'node-rsa' && call.type === 'NewExpression') {
    const size = optionNumber(args[0], ['b']);
    return size ? modulusFinding('RSA', size.node, size.value) : null;
  }
  if (member.module === 'node-forge' && member.path.join('.') === 'pki.rsa.generateKeyPair') {
    const size = optionNumber(args[0], ['bits']);
    const bits = size?.value ?? constantNumber(args[0]);
    const at = size?.node ?? args[0];
    return bits === null || !at ? null : modulusFinding('RSA', at, bits);
  }
  if (member.module.startsWith('crypto-js') && (last === 'PBKDF2' || member.module === 'crypto-js/pbkdf2')) {
    const iterations = optionNumber(args[2], ['iterations']);
    return iterations ? iterationsFinding(iterations.node, iterations.value, 'sha256', minIterations) : null;
  }
  return null;
}

export default defineRule({
  id: 'weak-key-size',
  meta: {
    description:
      'Keys and work factors too small to resist attack: RSA/DSA/DH under 2048 bits, curves under 224 bits, PBKDF2 under 100,000 iterations, scrypt cost under 16384, bcrypt cost under 10.',
    category: 'security',
    severity: 'medium',
    cwe: [326, 916],
    messages: {
      smallModulus:
        '{{type}} key of {{bits}} bits: keys under 2048 bits are within reach of a well-funded attacker. Use at least 2048 bits (3072 for keys that must last), or an elliptic curve such as P-256 or Ed25519.',
      weakCurve: 'Curve `{{curve}}` gives less than 112 bits of security. Use P-256, P-384 or Ed25519.',
      fewIterations:
        'PBKDF2 with {{iterations}} iterations is cheap to brute-force. OWASP recommends {{recommended}} iterations for HMAC-{{digest}}; better, hash passwords with argon2id or scrypt.',
      lowCost:
        '{{kdf}} cost {{cost}} is below {{minimum}}: each guess is cheap, so leaked hashes fall quickly. Raise the cost to at least {{minimum}}.',
    },
    defaultOptions: { minPbkdf2Iterations: DEFAULT_MIN_ITERATIONS },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const configured = context.options.minPbkdf2Iterations;
    const minIterations = typeof configured === 'number' ? configured : DEFAULT_MIN_ITERATIONS;
    const filter = calleeNameFilter((name) => CANDIDATES.has(name));
    return matchingCalls(
      filter,
      (call) => {
        const fn = call.type === 'CallExpression' ? nodeCryptoFunction(call) : null;
        const found =
          fn !== null
            ? nodeCryptoFinding(fn, call.arguments as AstNode[], minIterations)
            : packageFinding(call, minIterations);
        if (found) context.report({ node: found.node, messageId: found.messageId, data: found.data });
      },
      { constructors: true },
    );
  },
});
