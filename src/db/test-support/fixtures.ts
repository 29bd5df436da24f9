import { randomBytes } from 'node:crypto';
import type { Database } from '../client.js';
import { insertProject, type ProjectRecord } from '../repositories/projects.js';
import { insertUser, type UserRecord } from '../repositories/users.js';

/** A fixed instant for tests that do not care about time; the millisecond shows truncation bugs. */
export const T0 = new Date('2026-03-01T12:00:00.123Z');

export function minutesAfter(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000);
}

/** A user with a unique email; the hash is a placeholder the repositories never interpret. */
export async function makeUser(
  db: Database,
  overrides: { email?: string; name?: string; role?: string; verified?: boolean; now?: Date } = {},
): Promise<UserRecord> {
  const now = overrides.now ?? T0;
  const user = await insertUser(db, {
    email: overrides.email ?? `user-${randomBytes(4).toString('hex')}@example.com`,
    name: overrides.name ?? 'Test User',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    role: overrides.role,
    verifiedAt: overrides.verified === false ? null : now,
    now,
  });
  if (!user) throw new Error('makeUser: the email is taken');
  return user;
}

export async function makeProject(
  db: Database,
  owner: UserRecord | null,
  overrides: { slug?: string; name?: string; role?: string; now?: Date } = {},
): Promise<ProjectRecord> {
  const project = await insertProject(db, {
    slug: overrides.slug ?? `project-${randomBytes(4).toString('hex')}`,
    name: overrides.name ?? 'Test Project',
    createdBy: owner?.id ?? null,
    owner: owner ? { userId: owner.id, role: overrides.role ?? 'maintainer' } : undefined,
    now: overrides.now ?? T0,
  });
  if (!project) throw new Error('makeProject: the slug is taken');
  return project;
}
