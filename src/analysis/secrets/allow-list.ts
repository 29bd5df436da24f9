/**
 * Values and places that look like secrets but are not: placeholders in documentation, vendor
 * example keys, identifiers and digests, embedded images, lock files. Every detector consults
 * these before it reports, so a class of false alarm is fixed once, here.
 */

/** Text people put where a key goes: `xxxx`, `your-api-key`, `mypassword`, `<token>`, `${TOKEN}`, `****`, `EXAMPLE`. */
const PLACEHOLDER =
  /x{4,}|X{4,}|[*•]{3,}|\.{3}|…|<[^>]{0,40}>|\{\{|\$\{|%[sd]\b|0{8,}|example|sample|dummy|fake|placeholder|your[_-]?(?:api|key|token|secret|own|app|account|access|private|client|password)|my[_-]?(?:secret|password|pass|token|api|key|pwd)|redacted|change[_-]?me|replace[_-]?(?:me|with|this)|insert[_-]?(?:your|key|token|here)|(?:key|token|secret)[_-]?here|(?:^|[_-])(?:test|mock|demo|foo|bar)[_-]/i;

/**
 * Keys published in vendor documentation and local emulators: real in shape, but public. The AWS
 * examples contain `EXAMPLE` and are caught by the placeholder check; these are the ones that do not.
 */
const KNOWN_PUBLIC_VALUES = new Set([
  // Azurite / Azure Storage Emulator account key, the same on every machine.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

/**
 * True when the value is a placeholder or a published example, not a key someone could use.
 *
 * @example
 * isPlaceholder('your-api-key-here') // true
 * isPlaceholder('AKIAIOSFODNN7EXAMPLE') // true
 */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value) || KNOWN_PUBLIC_VALUES.has(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A digest labelled as one: `sha256:9f86d0...`, `sha512-<base64>` (npm integrity), `md5=...`. */
const LABELLED_DIGEST = /^(?:sha(?:1|224|256|384|512)|md5|blake2b?|xxh(?:32|64|128))[-:=][A-Za-z0-9+/=]{16,}$/i;
const DATA_URI = /^data:[\w.+-]+\/[\w.+-]+[;,]/i;
/** Base64 of binary files starts with the file's magic bytes: PNG, JPEG, GIF, WebP, WOFF/WOFF2, TTF/OTF, PDF, ICO, SVG, gzip. */
const BINARY_BASE64 =
  /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|d09GR|d09GMg|AAEAAA|T1RUTw|JVBERi|AAABAA|PHN2Zy|PD94bWwg|H4sI)/;
const URL_WITHOUT_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^\s@/:]+(?::\d+)?(?:[/?#]|$)/i;

/**
 * True for values whose shape says what they are, and it is not a credential: UUIDs, labelled
 * digests (`sha256:...`, `sha512-...` integrity strings), data URIs, base64 of images and fonts,
 * and URLs without a user or password. Used by the generic (entropy) detector, which has no format
 * to go by; provider formats are checked on their own structure instead. Bare hex is not excused
 * here: a git SHA or sha256 digest is recognised by its name (`commit`, `sha`, `digest`), while hex
 * under a secret's name is how many keys are written (HMAC keys, classic GitHub tokens).
 */
export function isBenignValue(value: string): boolean {
  return (
    UUID.test(value) ||
    LABELLED_DIGEST.test(value) ||
    DATA_URI.test(value) ||
    BINARY_BASE64.test(value) ||
    URL_WITHOUT_CREDENTIALS.test(value)
  );
}

/** Lock files, source maps and minified bundles: checksums and noise, never hand-written secrets. */
const NOISE_PATH =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|composer\.lock|Cargo\.lock|Gemfile\.lock|poetry\.lock|Pipfile\.lock|go\.sum|flake\.lock|packages\.lock\.json)$|\.(?:map|min\.[cm]?js|min\.css)$/;

/**
 * True for files a secret scan skips: lock files (full of integrity hashes), source maps and
 * minified bundles. A scan of non-code files (`.env`, JSON, YAML) should consult it first.
 */
export function isNoisePath(path: string): boolean {
  return NOISE_PATH.test(path);
}

/** Documentation, examples and test doubles: full of sample keys that only look real. */
const SAMPLE_PATH =
  /(?:^|\/)(?:docs?|examples?|samples?|demos?|mocks?|__mocks__|stubs?|fakes?|fixtures?|__fixtures__|stories|\.?storybook|e2e|cypress|playwright)\/|\.(?:stories|story|mock|fake|stub|fixture|e2e)\.[cm]?[jt]sx?$|(?:^|\/)README[^/]*$/i;

/**
 * True for documentation, examples and test doubles. There only keys whose checksum or structure
 * proves they were issued by the provider are reported; a key that merely has the right shape is
 * taken for a sample.
 */
export function isSamplePath(path: string): boolean {
  return SAMPLE_PATH.test(path);
}
