import { nameWords } from '../ast.js';
import { isBenignValue, isPlaceholder } from './allow-list.js';
import { looksRandom } from './entropy.js';
import type { SecretMatch } from './find-secrets.js';

/**
 * A secret-like word ending a name, then an assignment: `API_SECRET=`, `password: `, `"token": `,
 * `auth_key :=`. Found first because it is rare; the name and value around it are read after.
 */
const NAME_END = /(secret|passw(?:or)?d|pwd|passphrase|token|key|credentials?)(["']?)[ \t]*(?::=|=>|=|:)[ \t]*/gi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/**
 * The value after the separator: quoted (`"..."`, `'...'`), or unquoted up to the end of the line
 * (an optional `# comment` after it), as in `.env`, YAML and INI files. An unquoted value followed
 * by more code (`token = scanner.scan()`, `withCredentials: merge,`) is an expression, not a value.
 */
const VALUE = /(["'`])([^"'`\s\\]{16,512})\1|([^\s"'`,;<>{}()[\]]{16,512})[ \t]*(?:#[^\n]*)?(?=\r?\n|$)/y;
/** A dotted path (`config.auth.secretValue`, a scope name `support.function.c99`) names a value, it is not one. */
const DOTTED_PATH = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z0-9_$][\w$-]*)+$/;

/** Last words that make a name hold a secret; `key` needs a qualifier (`API_KEY`, not `CACHE_KEY`). */
const SECRET_WORDS = new Map([
  ['secret', 'secret'],
  ['password', 'password'],
  ['passwd', 'password'],
  ['pwd', 'password'],
  ['passphrase', 'password'],
  ['token', 'token'],
  ['apikey', 'API key'],
  ['credential', 'credential'],
  ['credentials', 'credential'],
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'access',
  'signing',
  'encryption',
  'master',
  'auth',
  'client',
  'app',
]);
/**
 * Names about a secret rather than holding one (`PUBLIC_KEY`, `TOKEN_URL`, `next_page_token`), and
 * names of digests, whose hex values (git SHAs, sha256) look random but guard nothing.
 */
const NOT_SECRET_WORDS = new Set([
  'public',
  'publishable',
  'anon',
  'example',
  'sample',
  'placeholder',
  'page',
  'next',
  'cursor',
  'csrf',
  'xsrf',
  'type',
  'name',
  'url',
  'uri',
  'path',
  'file',
  'id',
  'length',
  'hash',
  'digest',
  'sha',
  'commit',
  'checksum',
  'revision',
  'etag',
  'fingerprint',
  'integrity',
]);

/** What a name holds (`'API key'`), or null when it does not name a secret. */
function secretKind(name: string): string | null {
  const words = nameWords(name);
  if (words.some((w) => NOT_SECRET_WORDS.has(w))) return null;
  const last = words[words.length - 1];
  if (last === undefined) return null;
  const kind = SECRET_WORDS.get(last);
  if (kind) return kind;
  const previous = words[words.length - 2];
  return last === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous) ? `${previous} key` : null;
}

/** Hex values are random over 16 symbols, base64 over 64; others (mixed punctuation) over about 70. */
function symbolsOf(value: string): number {
  if (/^[0-9a-fA-F]+$/.test(value)) return 16;
  return /^[A-Za-z0-9+/=_-]+$/.test(value) ? 64 : 70;
}

/** References and code, not values: `${DB_PASSWORD}`, `$TOKEN`, `process.env.X`, `os.getenv(...)`, `!Ref`. */
const REFERENCE =
  /^(?:\$|%|!|&|\*|env\.|process\.|import\.meta|os\.|config\.|settings\.|secrets\.|vault:|arn:|projects\/|ENC\[)/i;

/** Short lower-case words joined by separators: a header or key name (`x-aws-ec2-metadata-token`). */
const WORDS = /^[a-z0-9]{1,12}(?:[-_.:/][a-z0-9]{1,12}){2,}$/;

function isSecretValue(value: string): boolean {
  if (REFERENCE.test(value) || WORDS.test(value) || isPlaceholder(value) || isBenignValue(value)) return false;
  // A value of one character class (all letters: a word or identifier) is not a generated secret.
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return looksRandom(value, symbolsOf(value));
}

/**
 * High-entropy values assigned to secret-like names (`API_SECRET=9fJ2...`, `"password": "..."`):
 * the generic detector for text that no provider format recognises. Confidence `entropy`,
 * severity `medium`; UUIDs, digests, URLs without credentials, references and placeholders are
 * allowed.
 */
export function findNamedSecrets(text: string): SecretMatch[] {
  const matches: SecretMatch[] = [];
  NAME_END.lastIndex = 0;
  for (let found = NAME_END.exec(text); found !== null; found = NAME_END.exec(text)) {
    const nameEnd = found.index + (found[1]?.length ?? 0);
    let nameStart = nameEnd;
    while (nameStart > 0 && nameEnd - nameStart < 64 && NAME_CHAR.test(text[nameStart - 1] ?? '')) nameStart--;
    const name = text.slice(nameStart, nameEnd);
    const kind = secretKind(name);
    if (kind === null) continue;
    VALUE.lastIndex = found.index + found[0].length;
    const value = VALUE.exec(text);
    const quoted = value?.[2];
    const secret = quoted ?? value?.[3];
    if (!value || secret === undefined || DOTTED_PATH.test(secret)) continue;
    if (!isSecretValue(secret)) continue;
    const start = value.index + (quoted === undefined ? 0 : 1);
    matches.push({
      start,
      end: start + secret.length,
      formatId: 'generic-secret',
      provider: '',
      kind,
      label: `${kind} in \`${name}\``,
      confidence: 'entropy',
      severity: 'medium',
      generic: true,
    });
  }
  return matches;
}
