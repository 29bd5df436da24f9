import { crc32 } from 'node:zlib';

/** The base62 digits in the order GitHub and npm use for their token checksums: 0-9, A-Z, a-z. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` written in base62, left-padded with zeros to `width` digits. */
export function toBase62(n: number, width: number): string {
  let digits = '';
  let rest = Math.floor(n);
  while (rest > 0) {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  }
  return digits.padStart(width, '0');
}

/** The 6-character base62 CRC32 of `body`: the checksum GitHub (`ghp_`...) and npm (`npm_`) tokens end with. */
export function base62Crc32(body: string): string {
  return toBase62(crc32(body), 6);
}

/**
 * True when a checksummed token (`ghp_` + 30 random characters + 6 checksum characters) carries the
 * CRC32 of its random part. Random strings pass with a chance of one in 56 billion, so a match is
 * a token the provider issued, not a lookalike typed by hand.
 *
 * @example
 * hasValidCrc32Suffix('npm_qkJa...0LsakP', 4) // true for a token npm issued
 */
export function hasValidCrc32Suffix(token: string, prefixLength: number): boolean {
  if (token.length < prefixLength + 7) return false;
  const body = token.slice(prefixLength, -6);
  return base62Crc32(body) === token.slice(-6);
}
