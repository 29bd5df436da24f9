import { calleeMethod, dottedName, isTestDoublePath, unwrap } from '../ast.js';
import { isPasswordName, isSecretKeyName, valueName } from '../crypto-names.js';
import {
  type ConstantValue,
  calledMember,
  constantText,
  constantValue,
  nodeCryptoFunction,
  objectProperty,
} from '../crypto-values.js';
import { calleeNameFilter, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Call = NodeOfType<'CallExpression'>;
type MessageId = 'staticIv' | 'staticSalt';
interface Finding {
  messageId: MessageId;
  node: AstNode;
  value: ConstantValue;
}

const CANDIDATES = new Set([
  'createCipheriv',
  'encrypt',
  'pbkdf2',
  'pbkdf2Sync',
  'scrypt',
  'scryptSync',
  'PBKDF2',
  'hash',
  'hashSync',
  'deriveKey',
  'deriveBits',
  'start',
]);
const BCRYPT = new Set(['bcrypt', 'bcryptjs', 'bcrypt-nodejs']);

/** `{ iv: ... }` (or another key) of an inline options object, when it holds a constant. */
function constantOption(options: AstNode | undefined, key: string): Finding['node'] | null {
  const object = options ? unwrap(options) : null;
  if (object?.type !== 'ObjectExpression') return null;
  const property = objectProperty(object, key);
  return property ? (property.value as AstNode) : null;
}

function finding(messageId: MessageId, node: AstNode | null | undefined): Finding | null {
  if (!node || (unwrap(node).type === 'Identifier' && (unwrap(node) as { name: string }).name === 'undefined'))
    return null;
  const value = constantValue(node);
  // `null` and `''` are how ECB modes and stream ciphers say "no IV"; weak-cipher reports those.
  if (!value || value.text === '') return null;
  return { messageId, node, value };
}

/**
 * A salt fixed in the source matters for stored password hashes: equal passwords hash alike and one
 * precomputed table serves every account. Deriving one key from a configured secret (`scryptSync(
 * process.env.KEY, 'salt', 32)`, as Node's documentation does) is left alone: the secret is not
 * guessable and there is only one.
 */
function derivesFromServerSecret(input: AstNode | undefined): boolean {
  if (!input) return false;
  const target = unwrap(input);
  const name = dottedName(target) ?? '';
  if (/^(process\.env|import\.meta\.env|config|this\.config|env)\b/.test(name)) return true;
  const last = valueName(target);
  return last !== null && !isPasswordName(last) && (isSecretKeyName(last) || /key|secret|master/i.test(last));
}

function nodeCryptoFinding(call: Call, fn: string): Finding | null {
  const args = call.arguments as AstNode[];
  if (fn === 'createCipheriv') {
    const algorithm = constantText(args[0]);
    return algorithm !== null && /ecb/.test(algorithm) ? null : finding('staticIv', args[2]);
  }
  if (/^(pbkdf2|scrypt)(Sync)?$/.test(fn))
    return derivesFromServerSecret(args[0]) ? null : finding('staticSalt', args[1]);
  if (/(^|\.)subtle\.encrypt$/.test(fn))
    return finding('staticIv', constantOption(args[0], 'iv') ?? constantOption(args[0], 'counter'));
  if (/(^|\.)subtle\.derive(Key|Bits)$/.test(fn)) return finding('staticSalt', constantOption(args[0], 'salt'));
  return null;
}

function packageFinding(call: Call): Finding | null {
  const member = calledMember(call);
  if (!member) return null;
  const args = call.arguments as AstNode[];
  const last = member.path[member.path.length - 1];
  if (BCRYPT.has(member.module) && (last === 'hash' || last === 'hashSync')) {
    // `bcrypt.hash(password, 10)` takes a cost; a string there is a salt written in the source.
    return constantValue(args[1])?.text ? finding('staticSalt', args[1]) : null;
  }
  if (!member.module.startsWith('crypto-js')) return null;
  if (last === 'encrypt') return finding('staticIv', constantOption(args[2], 'iv'));
  if (last === 'PBKDF2' || member.module === 'crypto-js/pbkdf2')
    return derivesFromServerSecret(args[0]) ? null : finding('staticSalt', args[1]);
  return null;
}

/** node-forge: `const cipher = forge.cipher.createCipher('AES-GCM', key); cipher.start({ iv: '...' })`. */
function forgeStartFinding(call: Call): Finding | null {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return null;
  const receiver = unwrap(callee.object as AstNode);
  if (receiver.type !== 'Identifier' || !/cipher/i.test(receiver.name)) return null;
  return finding('staticIv', constantOption(call.arguments[0] as AstNode | undefined, 'iv'));
}

function findingOf(call: Call): Finding | null {
  const fn = nodeCryptoFunction(call);
  if (fn !== null) return nodeCryptoFinding(call, fn);
  if (calleeMethod(call) === 'start') return forgeStartFinding(call);
  return packageFinding(call);
}

export default defineRule({
  id: 'static-iv',
  meta: {
    description:
      'An IV or nonce fixed in the source (a literal, Buffer.alloc(16), a module constant) passed to a cipher, or a fixed salt for password hashing: equal plaintexts encrypt alike, and with GCM a repeated nonce gives away the key stream.',
    category: 'security',
    severity: 'high',
    cwe: [329, 1204, 760],
    messages: {
      staticIv:
        'The IV is {{what}}, the same for every message: equal plaintexts give equal ciphertexts, and in GCM or CTR mode a reused nonce exposes the key stream. Generate a fresh one with `randomBytes` for each encryption and store it with the ciphertext.',
      staticSalt:
        'The salt is {{what}}, the same for every password: equal passwords hash alike and one precomputed table attacks them all. Generate a random salt per password (`randomBytes(16)`) and store it with the hash.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter((name) => CANDIDATES.has(name));
    return matchingCalls(filter, (call) => {
      const found = findingOf(call);
      if (!found) return;
      const what = found.value.zeroFilled ? 'all zero bytes' : 'a constant written in the source';
      context.report({ node: found.node, messageId: found.messageId, data: { what } });
    });
  },
});
