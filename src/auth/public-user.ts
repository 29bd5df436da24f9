import type { UserRecord } from '../db/repositories/users.js';

/** A user as the API shows it: no password hash, no lockout counters. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: string;
  verified: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    verified: user.verifiedAt !== null,
    createdAt: user.createdAt,
    lastLoginAt: user.lastLoginAt,
  };
}
