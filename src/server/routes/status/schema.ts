import { z } from 'zod';

export const instanceStatus = z.object({
  status: z.literal('ok'),
  version: z.string(),
  apiVersion: z.literal('v1'),
  time: z.iso.datetime(),
  /** Whether anyone may sign up (`ECTUS_REGISTRATION`). */
  registration: z.enum(['open', 'closed']),
  /** Whether this instance can send email (verification and reset links). */
  email: z.boolean(),
});
