import { crc32 } from 'node:zlib';
import { toBase62 } from '../checksum.js';

/**
 * Generates keys in each provider's format for tests: right prefix, length, alphabet and (where the
 * format has one) checksum, from a seeded generator, so no real key and no key-shaped literal ever
 * sits in the repository. The same seed gives the same keys on every run.
 */
export const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const HEX = '0123456789abcdef';
export const BASE64 = `${ALNUM}+/`;
export const BASE64URL = `${ALNUM}-_`;
export const LETTERS = ALNUM.slice(10);
export const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class SampleSecrets {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast, and good enough to make strings that look random. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return String(1 + Math.floor(this.next() * 9)) + this.chars('0123456789', length - 1);
  }

  /** A token in GitHub's and npm's format: prefix, 30 random base62 characters, their CRC32 in base62. */
  checksummed(prefix: string): string {
    const body = this.chars(ALNUM, 30);
    return `${prefix}${body}${toBase62(crc32(body), 6)}`;
  }

  /** Standard base64 (with padding) of `bytes` random bytes. */
  base64Bytes(bytes: number): string {
    const buffer = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) buffer[i] = Math.floor(this.next() * 256);
    return buffer.toString('base64');
  }

  /** A compact JWT with the given claims and a random 32-byte signature. */
  jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part(header)}.${part(payload)}.${Buffer.from(this.base64Bytes(32), 'base64').toString('base64url')}`;
  }

  /** A Discord bot token: base64 of a snowflake user id, a timestamp segment, an HMAC segment. */
  discordBotToken(): string {
    const id = Buffer.from(this.digits(18)).toString('base64url');
    return `${id}.${this.chars(BASE64URL, 6)}.${this.chars(BASE64URL, 38)}`;
  }

  /** An RSA private key block: `MIIE` DER header, then random base64 in 64-character lines. */
  pemPrivateKey(label = 'RSA PRIVATE KEY', eol = '\n'): string {
    const body = `MIIEpAIBAAKCAQEA${this.base64Bytes(900)}`.replace(/=+$/, '');
    const lines = body.match(/.{1,64}/g) ?? [];
    return [`-----BEGIN ${label}-----`, ...lines, `-----END ${label}-----`].join(eol);
  }
}
