import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_CODES, type ErrorCode, isAppError } from '../../errors.js';

/**
 * One error shape for every failure: `{ error: { code, message, details? } }` with a stable
 * `ECTUS_*` code and the code's HTTP status. Messages are written for users; stack traces, SQL and
 * library messages never reach a response (5xx answers say only that something failed, and the
 * log has the rest under the request id).
 */

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Fastify's own client errors, by their `code`, and what they become. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'ECTUS_PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'ECTUS_BAD_REQUEST',
    message: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'ECTUS_UNSUPPORTED_MEDIA_TYPE',
    message: 'This content type is not accepted here; send application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'ECTUS_BAD_REQUEST',
    message: 'The body is empty but the content type says JSON.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'ECTUS_BAD_REQUEST', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_PARSE_TYPE: { code: 'ECTUS_BAD_REQUEST', message: 'The request body could not be read.' },
};

interface ValidationProblem {
  location: string;
  path: string;
  message: string;
}

function validationProblems(error: FastifyError): ValidationProblem[] {
  const location = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => ({
    location,
    path: issue.instancePath === '/' ? '' : issue.instancePath,
    message: issue.message ?? 'invalid',
  }));
}

/** Maps any thrown value to a status and body. Exported for tests of the mapping itself. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isAppError(error)) {
    return { status: error.httpStatus, body: errorBody(error.code, error.message, error.details) };
  }
  const fastifyError = error as Partial<FastifyError> & { status?: number };
  if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(fastifyError.validation)) {
    return {
      status: 400,
      body: errorBody(
        'ECTUS_VALIDATION',
        'The request does not match the expected shape.',
        validationProblems(error as FastifyError),
      ),
    };
  }
  const known = fastifyError.code ? FRAMEWORK_ERRORS[fastifyError.code] : undefined;
  if (known) return { status: ERROR_CODES[known.code].httpStatus, body: errorBody(known.code, known.message) };
  const status = fastifyError.statusCode ?? fastifyError.status ?? 500;
  if (status === 429) return { status, body: errorBody('ECTUS_RATE_LIMITED', 'Too many requests; slow down.') };
  if (status === 404) return { status, body: errorBody('ECTUS_NOT_FOUND', 'Not found.') };
  // A JSON syntax error from the body parser carries status 400 and no code of ours.
  if (status >= 400 && status < 500)
    return { status, body: errorBody('ECTUS_BAD_REQUEST', 'The request is malformed.') };
  return { status: 500, body: errorBody('ECTUS_INTERNAL', 'Something went wrong on the server.') };
}

/**
 * Two messages that depend on the route: a refused content type names what this route accepts
 * (scan submissions also take multipart uploads), and a missing body says so rather than quoting
 * the schema ("expected object, received null").
 */
function forRoute(body: ErrorBody, request: FastifyRequest): ErrorBody {
  const { code, details } = body.error;
  if (code === 'ECTUS_UNSUPPORTED_MEDIA_TYPE') {
    const consumes = (request.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes;
    if (consumes && consumes.length > 1) {
      return errorBody(code, `This content type is not accepted here; send ${consumes.join(' or ')}.`);
    }
  }
  if (code === 'ECTUS_VALIDATION' && request.body == null && Array.isArray(details)) {
    const whole = (details as ValidationProblem[]).some(
      (problem) => problem.location === 'body' && problem.path === '',
    );
    if (whole) {
      return errorBody(
        code,
        'The request has no body: send a JSON object with Content-Type: application/json.',
        details,
      );
    }
  }
  return body;
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body: generic } = toErrorResponse(error);
  const body = forRoute(generic, request);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.error.code, status }, 'request rejected');
  reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Installs the error and not-found handlers on the root instance (they apply to every route). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send(errorBody('ECTUS_NOT_FOUND', 'There is no such route.'));
  });
}
