import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Algorithm, hash, parseOptions, type Version, verify } from '@node-rs/argon2';
import { AppError } from '../errors.js';

/**
 * Password hashing (argon2id) and the password policy.
 *
 * Parameters: memory 19,456 KiB, 2 passes, 1 lane, 32-byte output by default: OWASP's Password
 * Storage Cheat Sheet's baseline for argon2id (m=19 MiB, t=2, p=1). A hasher refuses anything below
 * one of OWASP's equivalent settings unless a test asks for it explicitly. Hashes are PHC strings
 * carrying their own parameters, so `needsRehash` notices hashes made with other parameters and the
 * login flow upgrades them.
 */

export interface Argon2Parameters {
  /** Memory in KiB. */
  memoryCost: number;
  /** Passes over memory. */
  timeCost: number;
  /** Lanes. */
  parallelism: number;
  /** Hash length in bytes. */
  outputLen: number;
}

export const DEFAULT_ARGON2_PARAMETERS: Readonly<Argon2Parameters> = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
});

/** OWASP's equivalent argon2id settings (memory KiB, passes); meeting any one of them is enough. */
const OWASP_MINIMUMS: readonly { memoryCost: number; timeCost: number }[] = [
  { memoryCost: 47_104, timeCost: 1 },
  { memoryCost: 19_456, timeCost: 2 },
  { memoryCost: 12_288, timeCost: 3 },
  { memoryCost: 9_216, timeCost: 4 },
  { memoryCost: 7_168, timeCost: 5 },
];

export function meetsOwaspMinimum(parameters: Argon2Parameters): boolean {
  return (
    parameters.parallelism >= 1 &&
    parameters.outputLen >= 16 &&
    OWASP_MINIMUMS.some((min) => parameters.memoryCost >= min.memoryCost && parameters.timeCost >= min.timeCost)
  );
}

// @node-rs/argon2's enums are `const enum`s, which isolated modules cannot read: their values.
const ARGON2ID = 2 as Algorithm.Argon2id;
const VERSION_0X13 = 1 as Version.V0x13;

export interface PasswordHasher {
  readonly parameters: Readonly<Argon2Parameters>;
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored value that is not an argon2 hash. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Verifies `password` against a fixed hash made with the same parameters, and discards the
   * answer: a login for an unknown email costs the same time as one with a wrong password.
   */
  verifyDummy(password: string): Promise<void>;
  /** Whether a stored hash was made with other parameters (or another algorithm) than this hasher's. */
  needsRehash(passwordHash: string): boolean;
}

export interface PasswordHasherOptions {
  /** Accept parameters below OWASP's minimum. Only tests set this, to keep argon2 cheap. */
  belowOwaspMinimumForTests?: boolean;
}

/**
 * @example
 * const hasher = createPasswordHasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * await hasher.verify(stored, 'correct horse battery staple'); // true
 */
export function createPasswordHasher(
  parameters: Argon2Parameters = DEFAULT_ARGON2_PARAMETERS,
  options: PasswordHasherOptions = {},
): PasswordHasher {
  if (!options.belowOwaspMinimumForTests && !meetsOwaspMinimum(parameters)) {
    throw new AppError(
      'ECTUS_CONFIG_INVALID',
      `argon2id parameters m=${parameters.memoryCost} t=${parameters.timeCost} p=${parameters.parallelism} are below OWASP's minimum (m=19456 t=2 p=1 or an equivalent).`,
    );
  }
  const frozen = Object.freeze({ ...parameters });
  const argonOptions = { ...frozen, algorithm: ARGON2ID, version: VERSION_0X13 };
  let dummyHash: Promise<string> | undefined;

  const verifyHash = async (passwordHash: string, password: string): Promise<boolean> => {
    try {
      return await verify(passwordHash, normalize(password));
    } catch {
      return false; // not a PHC string: no password matches it
    }
  };

  return {
    parameters: frozen,
    hash: (password) => hash(normalize(password), argonOptions),
    verify: verifyHash,
    async verifyDummy(password) {
      dummyHash ??= hash('ectus dummy password for unknown accounts', argonOptions);
      await verifyHash(await dummyHash, password);
    },
    needsRehash(passwordHash) {
      try {
        const used = parseOptions(passwordHash);
        return (
          used.algorithm !== ARGON2ID ||
          used.version !== VERSION_0X13 ||
          used.memoryCost !== frozen.memoryCost ||
          used.timeCost !== frozen.timeCost ||
          used.parallelism !== frozen.parallelism ||
          used.outputLen !== frozen.outputLen
        );
      } catch {
        return true;
      }
    },
  };
}

/** The same password typed with composed or decomposed accents hashes the same. */
function normalize(password: string): string {
  return password.normalize('NFC');
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'same-as-email';

/**
 * Checks a new password against the policy: 12 to 128 characters (Unicode code points), not one of
 * the 10,000 most common passwords, not the account's email. `null` when acceptable.
 */
export async function checkPasswordPolicy(
  password: string,
  context: { email?: string } = {},
): Promise<PasswordProblem | null> {
  const length = [...normalize(password)].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  if (await isCommonPassword(password)) return 'common';
  if (context.email !== undefined && password.trim().toLowerCase() === context.email.trim().toLowerCase()) {
    return 'same-as-email';
  }
  return null;
}

let commonPasswords: Promise<ReadonlySet<string>> | undefined;

/** Whether `password` (ignoring case) is in the bundled list of common passwords. */
export async function isCommonPassword(password: string): Promise<boolean> {
  commonPasswords ??= loadCommonPasswords();
  return (await commonPasswords).has(password.toLowerCase());
}

async function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  const text = await fs.readFile(path.join(dataFolder(), 'common-passwords.txt'), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return new Set(entries.map((entry) => entry.toLowerCase()));
}

/** `data/` beside this file, or in the package's `src/auth/data` when running from `dist/` (tsc copies no text files). */
function dataFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'data'), path.join(here, '..', '..', 'src', 'auth', 'data')];
  const found = candidates.find((folder) => existsSync(path.join(folder, 'common-passwords.txt')));
  if (found === undefined) {
    throw new AppError('ECTUS_INTERNAL', 'The list of common passwords is missing from this installation.');
  }
  return found;
}
