import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  createPasswordHasher,
  DEFAULT_ARGON2_PARAMETERS,
  isCommonPassword,
  meetsOwaspMinimum,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from './passwords.js';
import { TEST_ARGON2_PARAMETERS, testPasswordHasher } from './test-support/auth-fixture.js';

describe('password hashing', () => {
  it('uses argon2id with at least OWASP parameters by default, and verifies with them', async () => {
    expect(DEFAULT_ARGON2_PARAMETERS).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 });
    const hasher = createPasswordHasher();
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.verify(stored, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse battery stapler')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const hasher = testPasswordHasher();
    expect(await hasher.hash('same password twice')).not.toBe(await hasher.hash('same password twice'));
  });

  it("refuses parameters below OWASP's minimum unless a test asks for them", () => {
    expect(() => createPasswordHasher(TEST_ARGON2_PARAMETERS)).toThrow(
      expect.objectContaining({ code: 'ECTUS_CONFIG_INVALID' }),
    );
    expect(() => createPasswordHasher({ ...DEFAULT_ARGON2_PARAMETERS, timeCost: 1 })).toThrow();
    expect(meetsOwaspMinimum({ memoryCost: 47_104, timeCost: 1, parallelism: 1, outputLen: 32 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryCost: 7_168, timeCost: 5, parallelism: 1, outputLen: 32 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryCost: 7_168, timeCost: 4, parallelism: 1, outputLen: 32 })).toBe(false);
    expect(meetsOwaspMinimum({ ...DEFAULT_ARGON2_PARAMETERS, outputLen: 8 })).toBe(false);
  });

  it('asks for a rehash when parameters or algorithm differ, or the hash is unreadable', async () => {
    const cheap = testPasswordHasher();
    const other = testPasswordHasher({ ...TEST_ARGON2_PARAMETERS, timeCost: 2 });
    const stored = await cheap.hash('a long enough password');
    expect(cheap.needsRehash(stored)).toBe(false);
    expect(other.needsRehash(stored)).toBe(true);
    expect(other.needsRehash('$2b$10$abcdefghijklmnopqrstuuv3P0eLxVfhjd8e6Zk5xPZzU1oJ7R9e')).toBe(true);
    expect(other.needsRehash('not a hash')).toBe(true);
    // Another hasher's parameters are read from the hash itself, so verification still works.
    expect(await other.verify(stored, 'a long enough password')).toBe(true);
  });

  it('answers false, without throwing, for stored values that are not argon2 hashes', async () => {
    const hasher = testPasswordHasher();
    expect(await hasher.verify('', 'anything at all')).toBe(false);
    expect(await hasher.verify('$argon2id$v=19$m=64,t=1,p=1$broken', 'anything at all')).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const hasher = testPasswordHasher();
    const stored = await hasher.hash('caf\u00e9 au lait tous les jours');
    expect(await hasher.verify(stored, 'cafe\u0301 au lait tous les jours')).toBe(true);
  });

  it('verifies a dummy hash for unknown accounts and always resolves', async () => {
    const hasher = testPasswordHasher();
    await expect(hasher.verifyDummy('whatever the attacker typed')).resolves.toBeUndefined();
    await expect(hasher.verifyDummy('ectus dummy password for unknown accounts')).resolves.toBeUndefined();
  });
});

describe('password policy', () => {
  it('accepts 12 to 128 characters, counted as code points', async () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(await checkPasswordPolicy('short-pass1')).toBe('too-short');
    expect(await checkPasswordPolicy('tandem-harbor')).toBeNull();
    expect(await checkPasswordPolicy('x'.repeat(128))).toBeNull();
    expect(await checkPasswordPolicy('x'.repeat(129))).toBe('too-long');
    // Eleven emoji are 22 UTF-16 units but 11 characters.
    expect(await checkPasswordPolicy('\u{1F512}'.repeat(11))).toBe('too-short');
    expect(await checkPasswordPolicy('\u{1F512}'.repeat(12))).toBeNull();
  });

  it('rejects passwords from the bundled list of common passwords, in any case', async () => {
    expect(await isCommonPassword('password')).toBe(true);
    expect(await isCommonPassword('Dragon')).toBe(true);
    expect(await checkPasswordPolicy('1qaz2wsx3edc')).toBe('common');
    expect(await checkPasswordPolicy('QWERTY123456')).toBe('common');
    expect(await checkPasswordPolicy('qazwsxedcrfv')).toBe('common');
    expect(await isCommonPassword('violet-harbour-tandem-91')).toBe(false);
  });

  it("rejects the account's own email as its password", async () => {
    expect(await checkPasswordPolicy('Ada.Lovelace@example.com', { email: 'ada.lovelace@example.com' })).toBe(
      'same-as-email',
    );
  });
});
