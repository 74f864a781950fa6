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
  /**
   * Plan the transaction's prepared statements once (PostgreSQL's generic plan) instead of at
   * each run. For hot paths whose plan does not depend on the values, where planning costs more
   * than running (the claim of the next person to call).
   */
  genericPlans?: boolean;
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
export function inOrg<T>(db: Db, scope: OrgScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const settings: [string, string][] = [
    ['relais.org_id', scope.orgId],
    ['relais.user_id', scope.userId ?? ''],
  ];
  if (scope.genericPlans) settings.push(['plan_cache_mode', 'force_generic_plan']);
  return inTransaction(db, settings, fn);
}

/** Runs `fn` acting for a user with no organization chosen: they see their own memberships only. */
export function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, [['relais.user_id', userId]], fn);
}

// Identifiers travel as literals in the transaction's first round trip only when they are plainly
// safe to (a UUID, or empty); anything else takes the parameterized way.
const SAFE_SETTING = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|force_generic_plan|)$/i;

/**
 * One transaction on one connection whose settings (the RLS scope) are set by the same round trip
 * as BEGIN: at a few statements per request, each round trip saved is a write and a wake-up less
 * for the server and for PostgreSQL. Committed transactions hand their after-commit work
 * (notify.ts) on; a failed one rolls back and rethrows.
 */
async function inTransaction<T>(db: Db, settings: ReadonlyArray<readonly [string, string]>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    // The connection is pinned for the callback: used as the transaction's handle (same query API).
    const tx = connection as unknown as Tx;
    if (settings.every(([, value]) => SAFE_SETTING.test(value))) {
      const calls = settings.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ');
      await sql.raw(`BEGIN; SELECT ${calls}`).execute(tx);
    } else {
      await sql.raw('BEGIN').execute(tx);
      for (const [name, value] of settings) await sql`SELECT set_config(${name}, ${value}, true)`.execute(tx);
    }
    let result: T;
    try {
      result = await fn(tx);
    } catch (error) {
      await sql.raw('ROLLBACK').execute(tx).catch(() => {});
      throw error;
    }
    await sql.raw('COMMIT').execute(tx);
    transactionCommitted(db, tx);
    return result;
  });
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
