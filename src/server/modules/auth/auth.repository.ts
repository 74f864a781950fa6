import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';

/** Plain queries on accounts, sessions and memberships. Global tables take no organization. */

export function findUserByEmail(db: Db | Tx, email: string) {
  return db.selectFrom('users').selectAll().where('email_normalized', '=', email.toLowerCase()).executeTakeFirst();
}


export interface SessionActorRow {
  user_id: string;
  email: string;
  name: string;
  user_locale: 'fr' | 'en' | null;
  has_password: boolean;
  session_locale: 'fr' | 'en' | null;
  current_org_id: string | null;
  last_seen_at: Date;
  org_slug: string | null;
  org_name: string | null;
  org_time_zone: string | null;
  permission_set: string | null;
  capabilities: string[] | null;
}

/** The session of a cookie with its user and membership, in one call (see migration 0013). */
export async function findSessionActor(db: Db, hash: Buffer, now: Date): Promise<SessionActorRow | undefined> {
  const { rows } = await sql<SessionActorRow>`SELECT * FROM relais_session_actor(${hash}, ${now})`.execute(db);
  return rows[0];
}

/** The organization acted for and the member's capabilities there (inside an org-scoped transaction). */
export function findMembership(tx: Tx, orgId: string, userId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('permission_sets as p', (join) => join.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.permission_set_id'))
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.slug', 'o.name', 'o.time_zone', 'p.name as permission_set', 'p.capabilities'])
    .where('m.org_id', '=', orgId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}

/** Every organization a user belongs to (inside a user-scoped transaction). */
export function listUserMemberships(tx: Tx, userId: string) {
  return tx
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .innerJoin('permission_sets as p', (join) => join.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.permission_set_id'))
    .select(['o.id', 'o.slug', 'o.name', 'p.name as permission_set'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

export function insertSession(db: Db | Tx, row: { hash: Buffer; userId: string; orgId: string | null; locale: 'fr' | 'en' | null; expiresAt: Date }) {
  return db
    .insertInto('sessions')
    .values({ token_hash: row.hash, user_id: row.userId, current_org_id: row.orgId, locale: row.locale, expires_at: row.expiresAt, last_seen_at: new Date() })
    .execute();
}

export function countRecentAttempts(db: Db, keys: string[], since: Date) {
  return db
    .selectFrom('login_attempts')
    .select(['key', sql<string>`count(*)`.as('n')])
    .where('key', 'in', keys)
    .where('attempted_at', '>', since)
    .groupBy('key')
    .execute();
}

export function recordFailedAttempt(db: Db, keys: string[], at: Date) {
  return db
    .insertInto('login_attempts')
    .values(keys.map((key) => ({ key, attempted_at: at })))
    .execute();
}
