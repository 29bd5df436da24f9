import type { IncomingMessage } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * The server's JSON logger. Credentials never reach the log: the paths below are replaced by
 * `[redacted]` wherever they appear in a logged object, and request URLs lose the values of
 * query parameters that carry secrets (an email link's `token`).
 */

export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'key',
  'secret',
  'authSecret',
  'authorization',
  'cookie',
];

export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

const SECRET_QUERY = /([?&](?:token|refreshToken|accessToken|access_token|api_key|key|code)=)[^&#]*/gi;

/** A URL with the values of secret-bearing query parameters replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, `$1${REDACTED}`);
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default standard output); tests pass a stream to read them. */
  destination?: DestinationStream;
}

/**
 * @example
 * const logger = createLogger({ level: 'info' });
 * const app = await buildApp(deps, { logger });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'ectus' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      serializers: {
        req: serializeRequest,
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}

function serializeRequest(request: IncomingMessage & { id?: string; ip?: string }) {
  return {
    id: request.id,
    method: request.method,
    url: redactUrl(request.url ?? ''),
    remoteAddress: request.ip ?? request.socket?.remoteAddress,
    userAgent: request.headers?.['user-agent'],
  };
}
