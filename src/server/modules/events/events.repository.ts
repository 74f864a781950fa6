import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { EventsTable, SignupStatus } from '../../platform/db/schema-events-mail.js';

/** The organization's public face, read after its slug was resolved. */
export function findOrganization(tx: Tx, orgId: string) {
  return tx.selectFrom('organizations').select(['id', 'slug', 'name', 'time_zone', 'locale']).where('id', '=', orgId).executeTakeFirst();
}

/** The organization named by a public page's slug (SECURITY DEFINER function, 0010). */
export async function orgIdBySlug(tx: Tx, slug: string): Promise<string | null> {
  const { rows } = await sql<{ id: string | null }>`SELECT relais_org_id_by_slug(${slug}) AS id`.execute(tx);
  return rows[0]?.id ?? null;
}

const eventColumns = [
  'e.id',
  'e.kind',
  'e.title',
  'e.description',
  'e.place',
  'e.online_url',
  'e.starts_at',
  'e.ends_at',
  'e.capacity',
  'e.host_user_id',
  'e.call_campaign_id',
  'e.status',
  'e.is_public',
  'e.reminder_sent_at',
  'e.thank_you_sent_at',
] as const;

function eventsQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('events as e')
    .leftJoin('users as u', 'u.id', 'e.host_user_id')
    .select([...eventColumns, 'u.name as host_name'])
    .where('e.org_id', '=', orgId);
}
export type EventRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['executeTakeFirstOrThrow']>>;

export function findEvent(tx: Tx, orgId: string, eventId: string) {
  return eventsQuery(tx, orgId).where('e.id', '=', eventId).executeTakeFirst();
}

export function listEvents(tx: Tx, orgId: string, opts: { from?: Date; before?: Date; hostUserId?: string; publicOnly?: boolean; limit?: number }) {
  let q = eventsQuery(tx, orgId);
  if (opts.from) q = q.where('e.ends_at', '>', opts.from);
  if (opts.before) q = q.where('e.ends_at', '<=', opts.before);
  if (opts.hostUserId) q = q.where('e.host_user_id', '=', opts.hostUserId);
  if (opts.publicOnly) q = q.where('e.is_public', '=', true).where('e.status', '=', 'published');
  return q
    .orderBy('e.starts_at', opts.before ? 'desc' : 'asc')
    .orderBy('e.id')
    .limit(opts.limit ?? 500)
    .execute();
}

export function insertEvent(tx: Tx, orgId: string, values: Omit<Insertable<EventsTable>, 'org_id'>) {
  return tx.insertInto('events').values({ ...values, org_id: orgId }).returning('id').executeTakeFirstOrThrow();
}

export function updateEvent(tx: Tx, orgId: string, eventId: string, values: Updateable<EventsTable>) {
  return tx.updateTable('events').set(values).where('org_id', '=', orgId).where('id', '=', eventId).executeTakeFirst();
}

export function insertShift(tx: Tx, orgId: string, eventId: string, shift: { startsAt: Date; endsAt: Date; capacity: number | null }) {
  return tx
    .insertInto('shifts')
    .values({ org_id: orgId, event_id: eventId, starts_at: shift.startsAt, ends_at: shift.endsAt, capacity: shift.capacity })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Shifts of some events with their waitlist length. */
export function shiftsOf(tx: Tx, orgId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('shifts as s')
    .select((eb) => [
      's.id',
      's.event_id',
      's.starts_at',
      's.ends_at',
      's.capacity',
      's.confirmed_count',
      eb
        .selectFrom('signups as w')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('w.org_id', '=', 's.org_id')
        .whereRef('w.shift_id', '=', 's.id')
        .where('w.status', '=', 'waitlisted')
        .as('waitlisted'),
    ])
    .where('s.org_id', '=', orgId)
    .where('s.event_id', 'in', eventIds)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute();
}
export type ShiftRow = Awaited<ReturnType<typeof shiftsOf>>[number];

/**
 * Locks a shift of an event for a booking change. Every change of who holds a place goes through
 * this row lock, so concurrent sign-ups queue here and the count can never pass the capacity.
 */
export function lockShift(tx: Tx, orgId: string, eventId: string, shiftId: string) {
  return tx
    .selectFrom('shifts')
    .select(['id', 'event_id', 'starts_at', 'ends_at', 'capacity', 'confirmed_count'])
    .where('org_id', '=', orgId)
    .where('event_id', '=', eventId)
    .where('id', '=', shiftId)
    .forUpdate()
    .executeTakeFirst();
}

export function addToConfirmedCount(tx: Tx, orgId: string, shiftId: string, delta: number) {
  return tx
    .updateTable('shifts')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', delta) }))
    .where('org_id', '=', orgId)
    .where('id', '=', shiftId)
    .execute();
}

export function findLiveSignup(tx: Tx, orgId: string, shiftId: string, personId: string) {
  return tx
    .selectFrom('signups')
    .select(['id', 'status'])
    .where('org_id', '=', orgId)
    .where('shift_id', '=', shiftId)
    .where('person_id', '=', personId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
}

export function insertSignup(
  tx: Tx,
  orgId: string,
  row: { eventId: string; shiftId: string; personId: string; status: SignupStatus; tokenHash: Buffer; locale: 'fr' | 'en'; now: Date },
) {
  return tx
    .insertInto('signups')
    .values({
      org_id: orgId,
      event_id: row.eventId,
      shift_id: row.shiftId,
      person_id: row.personId,
      status: row.status,
      cancel_token_hash: row.tokenHash,
      locale: row.locale,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function findSignup(tx: Tx, orgId: string, signupId: string) {
  return tx.selectFrom('signups').selectAll().where('org_id', '=', orgId).where('id', '=', signupId).executeTakeFirst();
}

export function lockSignup(tx: Tx, orgId: string, signupId: string) {
  return tx.selectFrom('signups').selectAll().where('org_id', '=', orgId).where('id', '=', signupId).forUpdate().executeTakeFirst();
}

export function findSignupByToken(tx: Tx, orgId: string, tokenHash: Buffer) {
  return tx.selectFrom('signups').selectAll().where('org_id', '=', orgId).where('cancel_token_hash', '=', tokenHash).executeTakeFirst();
}

export function setSignupStatus(tx: Tx, orgId: string, signupId: string, status: SignupStatus, now: Date) {
  return tx
    .updateTable('signups')
    .set({
      status,
      updated_at: now,
      ...(status === 'checked_in' ? { checked_in_at: now } : {}),
      ...(status === 'cancelled' ? { cancelled_at: now } : {}),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', signupId)
    .execute();
}

/** The oldest waitlisted sign-up of a shift: first come, first promoted. */
export function firstWaitlisted(tx: Tx, orgId: string, shiftId: string) {
  return tx
    .selectFrom('signups')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('shift_id', '=', shiftId)
    .where('status', '=', 'waitlisted')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** An event's sign-ups with the volunteer's name and contact details, for the host's list. */
export function signupsOf(tx: Tx, orgId: string, eventId: string, opts: { signupId?: string; statuses?: readonly SignupStatus[] } = {}) {
  let q = tx
    .selectFrom('signups as s')
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 's.org_id').onRef('p.id', '=', 's.person_id'))
    .select([
      's.id',
      's.shift_id',
      's.person_id',
      's.status',
      's.created_at',
      's.checked_in_at',
      's.locale',
      's.cancel_token_hash',
      'p.first_name',
      'p.last_name',
      'p.email',
      'p.mobile_e164',
      'p.phone_e164',
    ])
    .where('s.org_id', '=', orgId)
    .where('s.event_id', '=', eventId);
  if (opts.signupId) q = q.where('s.id', '=', opts.signupId);
  if (opts.statuses) q = q.where('s.status', 'in', opts.statuses);
  return q.orderBy('p.last_name').orderBy('p.first_name').orderBy('s.id').execute();
}
export type SignupRow = Awaited<ReturnType<typeof signupsOf>>[number];

export function isMember(tx: Tx, orgId: string, userId: string) {
  return tx.selectFrom('memberships').select('user_id').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
}
