import { z } from 'zod';

/** The body of every error answer, for the OpenAPI document. */
export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('Stable ECTUS_* code'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('Error');
