import { createHash, createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { SignupStatus } from '../../platform/db/schema-events-mail.js';
import { AppError } from '../../platform/http/errors.js';
import { buildIcs, formatDateTime, queueTemplateMail } from '../mail/index.js';
import * as repo from './events.repository.js';

/** Statuses that hold one of the shift's places. */
const HOLDS_PLACE: ReadonlySet<SignupStatus> = new Set(['confirmed', 'checked_in', 'no_show']);

/** What the database keeps of a cancel token: its SHA-256, so a leaked table cancels nothing. */
export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The secret in a sign-up's cancel link: derived, so reminders can carry the same link again. */
export function cancelToken(secret: string, orgId: string, signupId: string): string {
  return createHmac('sha256', secret).update(`signup-cancel:${orgId}:${signupId}`).digest('base64url');
}

export interface OrgInfo {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
}

const BOOKING_STATUS: Record<'confirmed' | 'waitlisted' | 'promoted', Record<Locale, string>> = {
  confirmed: { fr: 'Votre place est confirmée.', en: 'Your place is confirmed.' },
  waitlisted: {
    fr: "Ce créneau est complet : vous êtes sur liste d'attente, et nous vous écrirons dès qu'une place se libère.",
    en: 'This shift is full: you are on the waiting list, and we will write as soon as a place frees up.',
  },
  promoted: { fr: "Une place s'est libérée : votre inscription est confirmée.", en: 'A place has freed up: your sign-up is confirmed.' },
};

function timeRange(start: Date, end: Date, locale: Locale, timeZone: string): string {
  const time = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'short', timeZone });
  return `${formatDateTime(start, locale, timeZone)} – ${time.format(end)}`;
}

/**
 * Queues one of the booking e-mails to a volunteer (confirmation with its .ics, reminder,
 * thank-you), in the language they signed up in.
 */
export async function mailBooking(
  tx: Tx,
  ctx: AppContext,
  org: OrgInfo,
  signupId: string,
  key: 'signup_confirmation' | 'reminder_day_before' | 'thank_you_after_event',
  bookingStatus: keyof typeof BOOKING_STATUS = 'confirmed',
): Promise<string | null> {
  const row = await tx
    .selectFrom('signups as s')
    .innerJoin('shifts as sh', (j) => j.onRef('sh.org_id', '=', 's.org_id').onRef('sh.id', '=', 's.shift_id'))
    .innerJoin('events as e', (j) => j.onRef('e.org_id', '=', 's.org_id').onRef('e.id', '=', 's.event_id'))
    .innerJoin('people as p', (j) => j.onRef('p.org_id', '=', 's.org_id').onRef('p.id', '=', 's.person_id'))
    .select(['s.id', 's.locale', 's.person_id', 'p.first_name', 'p.email', 'e.id as event_id', 'e.title', 'e.description', 'e.place', 'e.online_url', 'sh.starts_at', 'sh.ends_at'])
    .where('s.org_id', '=', org.id)
    .where('s.id', '=', signupId)
    .executeTakeFirst();
  if (!row?.email) return null;
  const locale = row.locale;
  const cancelUrl = `${ctx.publicUrl}/public/${org.slug}/cancel?token=${cancelToken(ctx.secret, org.id, row.id)}`;
  const where = row.place ?? row.online_url ?? '';
  const attachments =
    key === 'signup_confirmation' && bookingStatus !== 'waitlisted'
      ? [
          {
            filename: 'evenement.ics',
            contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
            content: Buffer.from(
              buildIcs({
                uid: `signup-${row.id}-${org.id}@relais`,
                start: row.starts_at,
                end: row.ends_at,
                summary: row.title,
                description: row.description,
                location: where,
                url: row.online_url,
                stamp: ctx.clock(),
              }),
            ).toString('base64'),
          },
        ]
      : undefined;
  return queueTemplateMail(tx, ctx, org.id, {
    key,
    locale,
    to: row.email,
    personId: row.person_id,
    // The thank-you is not something the volunteer asked for: "do not e-mail" holds it back.
    kind: key === 'thank_you_after_event' ? 'marketing' : 'transactional',
    values: {
      firstName: row.first_name,
      organizationName: org.name,
      eventTitle: row.title,
      eventDate: formatDateTime(row.starts_at, locale, org.time_zone),
      eventPlace: where,
      shiftTime: timeRange(row.starts_at, row.ends_at, locale, org.time_zone),
      bookingStatus: BOOKING_STATUS[bookingStatus][locale],
      cancelUrl,
    },
    ...(attachments ? { attachments } : {}),
  });
}

/**
 * Books a person on a shift: confirmed while places remain, waitlisted after. The shift row is
 * locked for the decision, so a hundred simultaneous sign-ups for twenty places confirm exactly
 * twenty. Signing up twice for the same shift answers the first booking.
 */
export async function bookShift(
  tx: Tx,
  ctx: AppContext,
  org: OrgInfo,
  input: { eventId: string; shiftId: string; personId: string; locale: Locale },
): Promise<{ signupId: string; status: 'confirmed' | 'waitlisted'; created: boolean }> {
  const shift = await repo.lockShift(tx, org.id, input.eventId, input.shiftId);
  if (!shift) throw new AppError('validation_failed', { fields: [{ path: 'shiftId', message: 'validation:event_unknown_shift' }] });
  const existing = await repo.findLiveSignup(tx, org.id, shift.id, input.personId);
  if (existing) return { signupId: existing.id, status: existing.status === 'waitlisted' ? 'waitlisted' : 'confirmed', created: false };
  const status = shift.capacity === null || shift.confirmed_count < shift.capacity ? 'confirmed' : 'waitlisted';
  // The id is taken first because the cancel token is derived from it.
  const { rows } = await sql<{ id: string }>`SELECT nextval(pg_get_serial_sequence('signups', 'id'))::text AS id`.execute(tx);
  const signupId = rows[0]!.id;
  await tx
    .insertInto('signups')
    .values({
      org_id: org.id,
      id: signupId,
      event_id: input.eventId,
      shift_id: shift.id,
      person_id: input.personId,
      status,
      cancel_token_hash: tokenHash(cancelToken(ctx.secret, org.id, signupId)),
      locale: input.locale,
      created_at: ctx.clock(),
      updated_at: ctx.clock(),
    })
    .execute();
  if (status === 'confirmed') await repo.addToConfirmedCount(tx, org.id, shift.id, 1);
  await mailBooking(tx, ctx, org, signupId, 'signup_confirmation', status);
  return { signupId, status, created: true };
}

/**
 * Moves a sign-up to a new status (check-in, no-show, cancellation, confirmation), keeping the
 * shift's count of held places exact. A freed place goes to the oldest waitlisted volunteer, who
 * is told by e-mail. Confirming someone into a full shift is refused: capacity is never exceeded.
 */
export async function changeSignupStatus(tx: Tx, ctx: AppContext, org: OrgInfo, signupId: string, next: SignupStatus): Promise<void> {
  const peek = await repo.findSignup(tx, org.id, signupId);
  if (!peek) throw new AppError('not_found');
  // Shift first, then the sign-up: the same lock order as bookShift, so no deadlock.
  const shift = await repo.lockShift(tx, org.id, peek.event_id, peek.shift_id);
  const current = await repo.lockSignup(tx, org.id, signupId);
  if (!shift || !current) throw new AppError('not_found');
  if (current.status === next) return;
  const held = HOLDS_PLACE.has(current.status);
  const holds = HOLDS_PLACE.has(next);
  if (!held && holds && shift.capacity !== null && shift.confirmed_count >= shift.capacity) throw new AppError('conflict');
  await repo.setSignupStatus(tx, org.id, signupId, next, ctx.clock());
  if (held === holds) return;
  await repo.addToConfirmedCount(tx, org.id, shift.id, holds ? 1 : -1);
  if (held && !holds) {
    const promoted = await repo.firstWaitlisted(tx, org.id, shift.id);
    if (promoted) {
      await repo.setSignupStatus(tx, org.id, promoted.id, 'confirmed', ctx.clock());
      await repo.addToConfirmedCount(tx, org.id, shift.id, 1);
      await mailBooking(tx, ctx, org, promoted.id, 'signup_confirmation', 'promoted');
    }
  }
}
