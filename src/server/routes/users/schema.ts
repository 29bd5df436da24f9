import { z } from 'zod';
import { idParam, pageOf, roleName } from '../common-schemas.js';

export const userParams = z.object({ id: idParam });

/** A user as administrators see them: no password hash, but the lockout and disabled state. */
export const adminUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  verified: z.boolean(),
  /** Whether an administrator disabled the account (since `disabledAt`). */
  disabled: z.boolean(),
  disabledAt: z.date().nullable(),
  lockedUntil: z.date().nullable(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
});

export const userPage = pageOf(adminUser);

export const updateUserBody = z
  .object({
    role: roleName.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.role !== undefined || body.name !== undefined || body.disabled !== undefined, {
    message: 'send a role, a name, disabled, or several of them',
  });
