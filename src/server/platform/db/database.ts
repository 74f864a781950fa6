import { createHmac } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { transactionCommitted } from './notify.js';
import { PreparingClient } from './prepared.js';
import type { DB } from './schema.js';

// DATE columns stay 'YYYY-MM-DD' strings: a birth date has no time zone.
pg.types.setTypeParser(1082, (value) => value);

export type Tx = Transaction<DB>;
export type Db = Kysely<DB>;

/** Who a transaction acts for: row-level security limits it to this organization. */
export interface OrgScope {
  orgId: string;
  userId?: string | null;
}

/** The application's handle on PostgreSQL: queries run as a role that row-level security binds. */
export interface Database {
  kind: 'embedded' | 'external';
  /** Connected as the application role: neither superuser, table owner nor BYPASSRLS. */
  db: Db;
  /** Owner/superuser URL, for migrations and maintenance only. */
  ownerUrl: string;
  appUrl: string;
  close(): Promise<void>;
}

export const APP_ROLE = 'relais_app';

/**
 * Runs `fn` in one transaction acting for one organization: every read and write inside is limited
 * to that organization's rows by the database itself.
 *
 * @example
 * const count = await inOrg(db, { orgId }, (tx) => tx.selectFrom('people').select(sql`count(*)`.as('n')).executeTakeFirst());
 */
export async function inOrg<T>(db: Db, scope: OrgScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let committed: Tx | undefined;
  const result = await db.transaction().execute(async (tx) => {
    committed = tx;
    await sql`SELECT set_config('relais.org_id', ${scope.orgId}, true), set_config('relais.user_id', ${scope.userId ?? ''}, true)`.execute(tx);
    return fn(tx);
  });
  if (committed) transactionCommitted(db, committed);
  return result;
}

/** Runs `fn` acting for a user with no organization chosen: they see their own memberships only. */
export async function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let committed: Tx | undefined;
  const result = await db.transaction().execute(async (tx) => {
    committed = tx;
    await sql`SELECT set_config('relais.user_id', ${userId}, true)`.execute(tx);
    return fn(tx);
  });
  if (committed) transactionCommitted(db, committed);
  return result;
}

/** The application role's password, derived from the instance secret so every process agrees. */
export function appRolePassword(secret: string): string {
  return createHmac('sha256', secret).update('relais_app role').digest('base64url');
}

/**
 * Creates or updates the login role the application connects as, and grants it the tables.
 * Runs as the owner after migrations; idempotent.
 */
export async function ensureAppRole(ownerUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const literal = client.escapeLiteral(password);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${literal}`);
      } catch (error) {
        // Another process created it at the same moment.
        if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42710') throw error;
      }
    }
    await client.query(`ALTER ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD ${literal}`);
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const dbName = client.escapeIdentifier(rows[0]!.db);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${dbName} TO ${APP_ROLE}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await client.query(`REVOKE ALL ON schema_migrations FROM ${APP_ROLE}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
}

/** The application role's URL: the owner URL with the application role's credentials. */
export function appUrlFrom(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

/** Opens the Kysely handle for the application role. */
export function openDatabase(opts: { kind: 'embedded' | 'external'; ownerUrl: string; appUrl: string; poolSize?: number }): Database {
  const pool = new pg.Pool({ connectionString: opts.appUrl, max: opts.poolSize ?? 20, Client: PreparingClient });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: opts.kind,
    db,
    ownerUrl: opts.ownerUrl,
    appUrl: opts.appUrl,
    close: () => db.destroy(),
  };
}
