import { isPlaceholder } from './allow-list.js';
import { looksRandom } from './entropy.js';

/** How far after a header the body and `-----END` line are looked for. */
const MAX_BLOCK = 16_384;
/** Fewer base64 characters than this is a header in a parser, not a key. */
const MIN_BODY = 64;
/** Without an END line (a key cut into concatenated strings) more body is needed to be sure. */
const MIN_OPEN_BODY = 200;

const END_LINE = /-----END [A-Z0-9 ]{0,40}-----/y;
/** Characters a key body can be written with in code: base64, line breaks (real or escaped), quotes and `+` of concatenation. */
const OPEN_BODY = /^[A-Za-z0-9+/=\s\\'"`,]*/;
/** Start of the decoded structure: DER SEQUENCE (RSA, PKCS#8, EC), OpenSSH's magic, OpenPGP secret-key packets. */
const KEY_MAGIC = /^(?:MI[IHG]|MC4C|MF[4ACoQ]C|MHcC|b3BlbnNzaC1rZXktdjE|l[QI]|x[cV])/;
/** OpenSSH keys whose cipher is not `none` (`b3Blbn...AAAABG5vbmU` is `openssh-key-v1` + `none`). */
const OPENSSH_UNENCRYPTED = /^b3BlbnNzaC1rZXktdjEAAAAABG5vbmU/;

export interface PrivateKeyBlock {
  /** Offset just past the END line, or past the body when there is none. */
  end: number;
  /** The body decodes to a key structure (DER, OpenSSH, OpenPGP), not just base64 text. */
  verified: boolean;
  /** Protected by a passphrase: still sensitive, but useless without it. */
  encrypted: boolean;
}

/** The base64 of a body with escapes, quotes, concatenation and armour headers (`Proc-Type:`) removed. */
function bodyBase64(body: string): string {
  return body
    .replace(/\\[nrt]/g, '\n')
    .split('\n')
    .filter((line) => !line.includes(':'))
    .join('')
    .replace(/[\s'"`+,]/g, '');
}

function isEncrypted(label: string, body: string, base64: string): boolean {
  if (label.includes('ENCRYPTED') || body.includes('Proc-Type: 4,ENCRYPTED')) return true;
  return base64.startsWith('b3BlbnNzaC1rZXktdjE') && !OPENSSH_UNENCRYPTED.test(base64);
}

/**
 * Reads the body of a private key whose `-----BEGIN ... PRIVATE KEY-----` header ends at
 * `headerEnd`: a real key has a long random base64 body (in one string, a template literal, or
 * concatenated pieces). Headers alone (parsers, PEM constants) and sample bodies (`...`,
 * `<your key>`) give null.
 */
export function readPrivateKeyBlock(text: string, label: string, headerEnd: number): PrivateKeyBlock | null {
  const region = text.slice(headerEnd, headerEnd + MAX_BLOCK);
  const endAt = region.indexOf('-----END ');
  let body: string;
  let end: number;
  if (endAt === -1) {
    body = OPEN_BODY.exec(region)?.[0] ?? '';
    end = headerEnd + body.length;
  } else {
    body = region.slice(0, endAt);
    END_LINE.lastIndex = endAt;
    const endLine = END_LINE.exec(region);
    end = headerEnd + endAt + (endLine ? endLine[0].length : '-----END '.length);
  }
  const base64 = bodyBase64(body);
  if (base64.length < (endAt === -1 ? MIN_OPEN_BODY : MIN_BODY)) return null;
  if (!/^[A-Za-z0-9+/=]+$/.test(base64) || isPlaceholder(body)) return null;
  // The first bytes are structure (lengths, algorithm ids); randomness shows further in.
  const sample = base64.length >= 140 ? base64.slice(60, 140) : base64;
  if (!looksRandom(sample, 64)) return null;
  return { end, verified: KEY_MAGIC.test(base64), encrypted: isEncrypted(label, body, base64) };
}
