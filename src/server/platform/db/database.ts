import { createHmac } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { transactionCommitted, transactionRolledBack } from './notify.js';
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
  return inTransaction(db, orgSettings(scope), fn);
}

/** Runs `fn` acting for a user with no organization chosen: they see their own memberships only. */
export function asUser<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, [['relais.user_id', userId]], fn);
}

/**
 * Two transactions in a row acting for one organization, on one connection, the first's COMMIT
 * and the second's BEGIN sent together: a round trip less than two `inOrg`, for a request that
 * does two things (saving a call, then handing out the next person). The first stands whatever
 * happens to the second, whose failure is returned rather than thrown.
 *
 * @example
 * const { first: saved, second: next } = await inOrgThen(db, scope, (tx) => save(tx), { genericPlans: true }, (tx) => claim(tx));
 */
export async function inOrgThen<A, B>(
  db: Db,
  scope: OrgScope,
  first: (tx: Tx) => Promise<A>,
  secondScope: Pick<OrgScope, 'genericPlans'>,
  second: (tx: Tx, a: A) => Promise<B>,
): Promise<{ first: A; second: { ok: true; value: B } | { ok: false; error: unknown } }> {
  return db.connection().execute(async (connection) => {
    const tx = connection as unknown as Tx;
    await begin(tx, orgSettings(scope));
    const a = await runOrRollBack(tx, () => first(tx));
    try {
      await begin(tx, orgSettings({ ...scope, ...secondScope }), 'COMMIT');
    } catch (error) {
      // COMMIT refused (a deferred check): the first transaction is rolled back, as in inOrg.
      await sql.raw('ROLLBACK').execute(tx).catch(() => {});
      transactionRolledBack(tx);
      throw error;
    }
    transactionCommitted(db, tx);
    try {
      const b = await runOrRollBack(tx, () => second(tx, a));
      await sql
        .raw('COMMIT')
        .execute(tx)
        .catch((error: unknown) => {
          transactionRolledBack(tx);
          throw error;
        });
      transactionCommitted(db, tx);
      return { first: a, second: { ok: true as const, value: b } };
    } catch (error) {
      return { first: a, second: { ok: false as const, error } };
    }
  });
}

function orgSettings(scope: OrgScope): [string, string][] {
  const settings: [string, string][] = [
    ['relais.org_id', scope.orgId],
    ['relais.user_id', scope.userId ?? ''],
  ];
  if (scope.genericPlans) settings.push(['plan_cache_mode', 'force_generic_plan']);
  return settings;
}

// Identifiers travel as literals in the transaction's first round trip only when they are plainly
// safe to (a UUID, or empty); anything else takes the parameterized way.
const SAFE_SETTING = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|force_generic_plan|)$/i;

/** BEGIN with the transaction's settings in one round trip (after `before`, e.g. the previous COMMIT). */
async function begin(tx: Tx, settings: ReadonlyArray<readonly [string, string]>, before?: 'COMMIT'): Promise<void> {
  if (settings.every(([, value]) => SAFE_SETTING.test(value))) {
    const calls = settings.map(([name, value]) => `set_config('${name}', '${value}', true)`).join(', ');
    await sql.raw(`${before ? `${before}; ` : ''}BEGIN; SELECT ${calls}`).execute(tx);
    return;
  }
  if (before) await sql.raw(before).execute(tx);
  await sql.raw('BEGIN').execute(tx);
  for (const [name, value] of settings) await sql`SELECT set_config(${name}, ${value}, true)`.execute(tx);
}

async function runOrRollBack<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    await sql.raw('ROLLBACK').execute(tx).catch(() => {});
    transactionRolledBack(tx);
    throw error;
  }
}

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
    await begin(tx, settings);
    const result = await runOrRollBack(tx, () => fn(tx));
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
  // No JIT compilation on the application's connections. Debian's PostgreSQL (and most packaged
  // ones) compile any statement whose estimated cost passes jit_above_cost: for one event's
  // dashboard on 50,000 calls that took its p50 from 4 ms to 742 ms (CI's quick bench against
  // Debian's server). Relais's statements are short; compiling never pays for itself.
  const pool = new pg.Pool({ connectionString: opts.appUrl, max: opts.poolSize ?? 20, Client: PreparingClient, options: '-c jit=off' });
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
