import { z } from 'zod';

export const liveness = z.object({ status: z.literal('ok') });

export const readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
  /** Migrations this version would apply (`ectus migrate`). */
  pending: z.array(z.string()),
});
