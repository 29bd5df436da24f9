import { enclosingFunction, functionName, isTestDoublePath, nameWords, unwrap } from '../ast.js';
import { isPasswordHashName, passwordAmong, valueName } from '../crypto-names.js';
import { destinationName, type HashComputation, hashComputation, isHashFunctionName } from '../hash-computations.js';
import { calleeNameFilter, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

type Call = NodeOfType<'CallExpression'>;

/** Hashes built to be fast: every digest `createHash` offers. */
const FAST_HASH = /^(md[245]|sha|ripemd|rmd|whirlpool|blake2|sm3|shake)/;
/**
 * Challenge-response logins hash a password to prove it to a server (MySQL native and
 * caching_sha2, PostgreSQL MD5, SCRAM, SMTP CRAM-MD5, HTTP Digest): the protocol fixes the hash and
 * nothing is stored. Recognised by the words of the function, the file and its folder.
 */
const PROTOCOL_WORDS = new Set([
  'scram',
  'sasl',
  'cram',
  'ntlm',
  'challenge',
  'handshake',
  'scramble',
  'nonce',
  'realm',
  'smtp',
  'imap',
  'pop3',
  'ldap',
  'mysql',
  'postgres',
  'postgresql',
  'mongo',
  'kerberos',
  'protocol',
  'token',
]);
/** Values derived from a password for a purpose other than storing it: a cache or conditional-request key. */
const NOT_STORAGE = new Set(['cache', 'etag', 'checksum', 'fingerprint', 'memo']);
/** The words of the names and strings hashed: `\`${user}:mongo:${password}\`` gives user, mongo, password. */
function inputWords(input: AstNode): string[] {
  const words: string[] = [];
  const add = (node: AstNode): void => {
    const target = unwrap(node);
    if (target.type === 'Identifier' || target.type === 'MemberExpression')
      words.push(...nameWords(valueName(target) ?? ''));
    else if (target.type === 'Literal' && typeof target.value === 'string') words.push(...nameWords(target.value));
    else if (target.type === 'TemplateLiteral') {
      for (const quasi of target.quasis) words.push(...nameWords(quasi.value.cooked ?? ''));
      for (const expression of target.expressions) add(expression as AstNode);
    } else if (target.type === 'BinaryExpression') {
      add(target.left as AstNode);
      add(target.right as AstNode);
    }
  };
  add(input);
  return words;
}

function algorithmLabel(algorithm: string): string {
  return algorithm.replace(/^sha(?=\d)/, 'SHA-').replace(/^md/, 'MD');
}

export default defineRule({
  id: 'weak-password-hash',
  meta: {
    description:
      'Passwords hashed with a fast hash (MD5, SHA-1, SHA-256, SHA-512, HMAC): a leaked table falls to offline guessing at billions of tries per second.',
    category: 'security',
    severity: 'high',
    cwe: [916, 328],
    messages: {
      fastHash:
        '`{{name}}` is hashed with {{algorithm}}, a fast hash: if the table leaks, passwords fall to offline guessing at billions of tries per second. Use argon2id (or scrypt, or bcrypt) with a per-password salt.',
      storedAsPasswordHash:
        'A single {{algorithm}} hash is stored as the password hash `{{name}}`: fast hashes let a leaked table be guessed at billions of tries per second. Use argon2id (or scrypt, or bcrypt) with a per-password salt.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter(isHashFunctionName);

    // `lib/auth/scram.js`, `smtp-connection/index.js`: the file and its folder.
    const fileWords = nameWords(context.filename.split('/').slice(-2).join(' '));
    const inProtocol = (call: Call, hash: HashComputation): boolean => {
      if (fileWords.some((w) => PROTOCOL_WORDS.has(w))) return true;
      const fn = enclosingFunction(call);
      const fnName = fn ? functionName(fn) : null;
      const words = [...(fnName === null ? [] : nameWords(fnName)), ...hash.inputs.flatMap(inputWords)];
      return words.some((w) => PROTOCOL_WORDS.has(w));
    };

    const check = (call: Call, hash: HashComputation): void => {
      if (inProtocol(call, hash)) return;
      const algorithm = algorithmLabel(hash.algorithm);
      const destination = hash.result ? destinationName(hash.result) : null;
      if (destination !== null && nameWords(destination).some((w) => NOT_STORAGE.has(w))) return;
      const hashed = hash.key ? [...hash.inputs, hash.key] : hash.inputs;
      const password = passwordAmong(hashed);
      if (password !== null) {
        context.report({ node: call, messageId: 'fastHash', data: { name: password, algorithm } });
        return;
      }
      if (destination !== null && isPasswordHashName(destination))
        context.report({ node: call, messageId: 'storedAsPasswordHash', data: { name: destination, algorithm } });
    };

    return matchingCalls(filter, (call) => {
      const hash = hashComputation(call);
      if (hash && FAST_HASH.test(hash.algorithm)) check(call, hash);
    });
  },
});
