/**
 * The one catalog of Ectus error codes. Every failure that reaches a user (CLI or HTTP) is an
 * AppError with one of these stable codes; callers branch on `code`, never on message text.
 */
export const ERROR_CODES = {
  ECTUS_USAGE: { httpStatus: 400, exitCode: 2 },
  ECTUS_CONFIG_INVALID: { httpStatus: 400, exitCode: 2 },
  ECTUS_CONFIG_NOT_FOUND: { httpStatus: 400, exitCode: 2 },
  ECTUS_PATH_NOT_FOUND: { httpStatus: 404, exitCode: 2 },
  ECTUS_PATH_OUTSIDE_ROOT: { httpStatus: 400, exitCode: 2 },
  ECTUS_BASELINE_INVALID: { httpStatus: 400, exitCode: 2 },
  ECTUS_UNKNOWN_RULE: { httpStatus: 400, exitCode: 2 },
  ECTUS_LOCKFILE_INVALID: { httpStatus: 400, exitCode: 2 },
  ECTUS_UNAUTHENTICATED: { httpStatus: 401, exitCode: 2 },
  ECTUS_INVALID_CREDENTIALS: { httpStatus: 401, exitCode: 2 },
  ECTUS_TOKEN_INVALID: { httpStatus: 401, exitCode: 2 },
  ECTUS_EMAIL_NOT_VERIFIED: { httpStatus: 403, exitCode: 2 },
  ECTUS_ACCOUNT_DISABLED: { httpStatus: 403, exitCode: 2 },
  ECTUS_FORBIDDEN: { httpStatus: 403, exitCode: 2 },
  ECTUS_NOT_FOUND: { httpStatus: 404, exitCode: 2 },
  ECTUS_EMAIL_TAKEN: { httpStatus: 409, exitCode: 2 },
  ECTUS_PASSWORD_REJECTED: { httpStatus: 400, exitCode: 2 },
  ECTUS_ACCOUNT_LOCKED: { httpStatus: 429, exitCode: 2 },
  ECTUS_VALIDATION: { httpStatus: 400, exitCode: 2 },
  ECTUS_BAD_REQUEST: { httpStatus: 400, exitCode: 2 },
  ECTUS_LINK_INVALID: { httpStatus: 400, exitCode: 2 },
  ECTUS_PAYLOAD_TOO_LARGE: { httpStatus: 413, exitCode: 2 },
  ECTUS_UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, exitCode: 2 },
  ECTUS_RATE_LIMITED: { httpStatus: 429, exitCode: 2 },
  ECTUS_EMAIL_UNAVAILABLE: { httpStatus: 503, exitCode: 2 },
  ECTUS_DATABASE_UNAVAILABLE: { httpStatus: 503, exitCode: 2 },
  ECTUS_DATABASE_LOCKED: { httpStatus: 503, exitCode: 2 },
  ECTUS_MIGRATION_FAILED: { httpStatus: 500, exitCode: 2 },
  ECTUS_OSV_UNREACHABLE: { httpStatus: 502, exitCode: 2 },
  ECTUS_CONFLICT: { httpStatus: 409, exitCode: 2 },
  ECTUS_PORT_IN_USE: { httpStatus: 500, exitCode: 2 },
  ECTUS_PORT_NOT_PERMITTED: { httpStatus: 500, exitCode: 2 },
  ECTUS_HOST_UNAVAILABLE: { httpStatus: 500, exitCode: 2 },
  ECTUS_ARCHIVE_INVALID: { httpStatus: 400, exitCode: 2 },
  ECTUS_ARCHIVE_UNSAFE_ENTRY: { httpStatus: 400, exitCode: 2 },
  ECTUS_ARCHIVE_TOO_LARGE: { httpStatus: 413, exitCode: 2 },
  ECTUS_IO: { httpStatus: 500, exitCode: 2 },
  ECTUS_INTERNAL: { httpStatus: 500, exitCode: 2 },
} as const satisfies Record<string, { httpStatus: number; exitCode: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly exitCode: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.httpStatus = ERROR_CODES[code].httpStatus;
    this.exitCode = ERROR_CODES[code].exitCode;
    this.details = options.details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
