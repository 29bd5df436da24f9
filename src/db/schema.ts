import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The platform's tables. drizzle-kit turns this file into the SQL migrations under `migrations/`
 * (`npx drizzle-kit generate`); the same schema runs on PGlite and PostgreSQL 15+, so it uses
 * nothing newer than PostgreSQL 15 and no extensions.
 *
 * Conventions: UUID keys made by the database (`gen_random_uuid()`), every instant a `timestamptz`
 * read as a `Date` (UTC), closed sets of values as `text` with a CHECK constraint (adding a value is
 * a plain migration, unlike an enum type), counters as `integer` (PGlite and node-postgres disagree
 * on `bigint`), and an index for each way the application looks rows up.
 */

/** A `timestamptz` column read and written as a JavaScript `Date`. */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();
const updatedAt = () => instant('updated_at').notNull().defaultNow();

/**
 * `'a', 'b'`: SQL string literals for a CHECK constraint. DDL cannot take bind parameters, and the
 * values are this file's constants, so they are written out (quotes doubled all the same).
 */
function literalList(values: readonly string[]) {
  return sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', '));
}

export const EMAIL_TOKEN_PURPOSES = ['verify', 'reset'] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

export const SCAN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** How a scan's files arrived: a JSON list of files, or an uploaded archive. */
export const SCAN_SOURCES = ['files', 'archive'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];

/** The analysis engine's severities, repeated here so the database layer does not load the engine. */
export const FINDING_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const GENERATION_STATUSES = ['queued', 'running', 'passed', 'failed', 'cancelled'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/**
 * Roles as data: each names the permissions it grants. The built-in roles are inserted by a
 * migration; users and project memberships refer to a role by name.
 */
export const roles = pgTable('roles', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  /** Built-in roles are kept in step with the code and cannot be deleted. */
  builtin: boolean('builtin').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** As typed by the user; uniqueness and lookups ignore case (`lower(email)`). */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** An argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role')
      .notNull()
      .default('viewer')
      .references(() => roles.name, { onUpdate: 'cascade', onDelete: 'restrict' }),
    verifiedAt: instant('verified_at'),
    lockedUntil: instant('locked_until'),
    /** Failed logins in the current window; reset by a successful login or when the window passes. */
    failedLogins: integer('failed_logins').notNull().default(0),
    lastFailedLoginAt: instant('last_failed_login_at'),
    lastLoginAt: instant('last_login_at'),
    /**
     * Set while an administrator has disabled the account: no login, refresh or API key works, and
     * nothing is deleted. Cleared when it is enabled again.
     */
    disabledAt: instant('disabled_at'),
    passwordChangedAt: instant('password_changed_at').notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`),
    index('users_role_idx').on(table.role),
    check('users_failed_logins_check', sql`${table.failedLogins} >= 0`),
  ],
);

/**
 * One row per refresh-token family (one login on one device). `token_hash` is the SHA-256 of the
 * family's current refresh token; every refresh replaces it and moves the old hash to
 * `session_rotated_tokens`, so presenting an old token is recognised as reuse.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    device: text('device'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokeReason: text('revoke_reason'),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_user_id_idx').on(table.userId, table.lastUsedAt),
    index('sessions_expires_at_idx').on(table.expiresAt),
  ],
);

/** Hashes of refresh tokens that were already exchanged, kept to detect their reuse. */
export const sessionRotatedTokens = pgTable(
  'session_rotated_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    rotatedAt: instant('rotated_at').notNull().defaultNow(),
  },
  (table) => [index('session_rotated_tokens_session_id_idx').on(table.sessionId)],
);

/** Single-use tokens sent by email (address verification, password reset), stored hashed. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<EmailTokenPurpose>().notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('email_tokens_token_hash_key').on(table.tokenHash),
    index('email_tokens_user_purpose_idx').on(table.userId, table.purpose),
    check('email_tokens_purpose_check', sql`${table.purpose} IN (${literalList(EMAIL_TOKEN_PURPOSES)})`),
  ],
);

/** Keys for CI and scripts: `prefix` (the key's first characters) finds the row, `key_hash` proves it. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    expiresAt: instant('expires_at'),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('api_keys_prefix_key').on(table.prefix), index('api_keys_user_id_idx').on(table.userId)],
);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** URL-friendly name, unique. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('projects_slug_key').on(table.slug), index('projects_created_at_idx').on(table.createdAt)],
);

/** A user's role in one project. */
export const projectMembers = pgTable(
  'project_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role')
      .notNull()
      .references(() => roles.name, { onUpdate: 'cascade', onDelete: 'restrict' }),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    primaryKey({ name: 'project_members_pkey', columns: [table.projectId, table.userId] }),
    index('project_members_user_id_idx').on(table.userId),
    index('project_members_role_idx').on(table.role),
  ],
);

/** Counts of findings per severity, e.g. `{ "high": 2, "low": 5 }`. */
export type SeverityCounts = Partial<Record<FindingSeverity, number>>;

export const scans = pgTable(
  'scans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    status: text('status').$type<ScanStatus>().notNull().default('queued'),
    source: text('source').$type<ScanSource>().notNull(),
    /** The uploaded archive's file name, when there was one. */
    sourceName: text('source_name'),
    filesScanned: integer('files_scanned').notNull().default(0),
    findingsTotal: integer('findings_total').notNull().default(0),
    severityCounts: jsonb('severity_counts').$type<SeverityCounts>().notNull().default({}),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    durationMs: integer('duration_ms'),
  },
  (table) => [
    index('scans_project_created_idx').on(table.projectId, table.createdAt),
    index('scans_status_created_idx').on(table.status, table.createdAt),
    check('scans_status_check', sql`${table.status} IN (${literalList(SCAN_STATUSES)})`),
    check('scans_source_check', sql`${table.source} IN (${literalList(SCAN_SOURCES)})`),
  ],
);

/** One finding of a scan, in the engine's shape (`Finding` in `analysis/types.ts`). */
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scanId: uuid('scan_id')
      .notNull()
      .references(() => scans.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    messageId: text('message_id').notNull(),
    category: text('category').notNull(),
    severity: text('severity').$type<FindingSeverity>().notNull(),
    /** Path relative to the scan root, with forward slashes. */
    file: text('file').notNull(),
    line: integer('line').notNull(),
    column: integer('column').notNull(),
    endLine: integer('end_line').notNull(),
    endColumn: integer('end_column').notNull(),
    message: text('message').notNull(),
    snippet: text('snippet').notNull().default(''),
    fingerprint: text('fingerprint').notNull(),
    cwe: integer('cwe').array().notNull().default(sql`'{}'::integer[]`),
    /** The rest of the finding (data-flow steps, fixes), as the engine reported it. */
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index('findings_scan_severity_idx').on(table.scanId, table.severity),
    index('findings_scan_file_idx').on(table.scanId, table.file, table.line),
    index('findings_scan_rule_idx').on(table.scanId, table.ruleId),
    index('findings_fingerprint_idx').on(table.fingerprint),
    check('findings_severity_check', sql`${table.severity} IN (${literalList(FINDING_SEVERITIES)})`),
  ],
);

/** A file the generator wrote. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * One run of the generation pipeline: the prompt, the model that answered, what it cost, the files
 * it produced and the gate's report on them.
 */
export const generations = pgTable(
  'generations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    prompt: text('prompt').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    status: text('status').$type<GenerationStatus>().notNull().default('queued'),
    /** Generate-and-gate rounds used (the first try plus repairs). */
    attempts: integer('attempts').notNull().default(0),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    costUsd: numeric('cost_usd', { precision: 12, scale: 6, mode: 'number' }).notNull().default(0),
    files: jsonb('files').$type<GeneratedFile[]>().notNull().default([]),
    gateReport: jsonb('gate_report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    durationMs: integer('duration_ms'),
  },
  (table) => [
    index('generations_project_created_idx').on(table.projectId, table.createdAt),
    index('generations_created_by_idx').on(table.createdBy, table.createdAt),
    check('generations_status_check', sql`${table.status} IN (${literalList(GENERATION_STATUSES)})`),
    check('generations_tokens_check', sql`${table.tokensIn} >= 0 AND ${table.tokensOut} >= 0`),
  ],
);

/**
 * Who did what, to what, when and from where. Rows outlive their actor: deleting a user keeps the
 * events with `actor_user_id` cleared and `actor` (the email at the time) kept.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: instant('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** A readable label of the actor at the time: an email, `system`, or the address tried. */
    actor: text('actor'),
    /** Dotted verb, e.g. `auth.login`, `auth.refresh.reuse`, `project.delete`. */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index('audit_events_at_idx').on(table.at),
    index('audit_events_actor_at_idx').on(table.actorUserId, table.at),
    index('audit_events_action_at_idx').on(table.action, table.at),
    index('audit_events_target_idx').on(table.targetType, table.targetId),
  ],
);

/** Instance-wide settings changed at run time, one JSON value per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});
