import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { requestMeta } from '../plugins/auth.js';
import type { Actor } from '../services/audit-trail.js';

/**
 * The signed-in caller of a route that declared its access (so `request.identity` is set), as the
 * services record it: who, when (the app's clock) and from where.
 */
export function actorOf(request: FastifyRequest): Actor {
  const identity = request.identity;
  if (!identity) throw new AppError('ECTUS_UNAUTHENTICATED', 'Sign in first.');
  return { userId: identity.principal.userId, at: request.server.deps.clock(), meta: requestMeta(request) };
}
