/** Decoders for the self-describing parts of some tokens: base64 payloads, JWT claims, Discord ids. */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes of standard or URL-safe base64, or null when the text is not base64 at all. */
export function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text) && !BASE64URL.test(text)) return null;
  return Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
}

/** Number of bytes a base64 value decodes to, or -1 when it is not base64. */
export function base64ByteLength(text: string): number {
  return decodeBase64(text)?.length ?? -1;
}

function decodeJsonObject(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** Header and claims of a compact JWT (`eyJ...`), or null when either part is not a JSON object. */
export function decodeJwt(token: string): JwtParts | null {
  const [header, payload] = token.split('.');
  if (header === undefined || payload === undefined) return null;
  const decodedHeader = decodeJsonObject(header);
  const decodedPayload = decodedHeader ? decodeJsonObject(payload) : null;
  return decodedHeader && decodedPayload ? { header: decodedHeader, payload: decodedPayload } : null;
}

/**
 * True when a Discord token's first segment is the base64 of a snowflake (the bot's numeric user
 * id): the check that tells a bot token from any three dotted base64 runs.
 */
export function isSnowflakeSegment(segment: string): boolean {
  const bytes = decodeBase64(segment);
  return bytes !== null && /^\d{17,20}$/.test(bytes.toString('latin1'));
}

/** `decodeURIComponent` that returns the text unchanged when it is not valid percent-encoding. */
export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
