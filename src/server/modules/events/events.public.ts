import type { z } from 'zod';
import type { PublicSignupSchema, VolunteerSchema } from '../../../shared/contracts/events.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { bookShift, changeSignupStatus, tokenHash, type OrgInfo } from './events.bookings.js';
import { presentPublicEvent } from './events.mappers.js';
import { ensureRecruiterToken, recruiterByToken, upsertVolunteer } from './events.people.js';
import * as repo from './events.repository.js';
import { recruiterUrl } from './events.service.js';

/**
 * The public side of events: no session, the organization named by its slug. Each request runs
 * in one transaction acting for that organization only.
 */
async function inPublicOrg<T>(ctx: AppContext, slug: string, fn: (tx: Tx, org: OrgInfo) => Promise<T>): Promise<T> {
  const orgId = await ctx.database.db.transaction().execute((tx) => repo.orgIdBySlug(tx, slug));
  if (!orgId) throw notFound();
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const org = await repo.findOrganization(tx, orgId);
    if (!org) throw notFound();
    return fn(tx, org);
  });
}

function presentOrg(org: OrgInfo) {
  return { slug: org.slug, name: org.name, timeZone: org.time_zone };
}

async function openEvent(tx: Tx, orgId: string, eventId: string) {
  const event = await repo.findEvent(tx, orgId, eventId);
  if (!event || !event.is_public || event.status === 'draft') throw notFound();
  return event;
}

/** An organization's upcoming public events with places left. */
export function publicEvents(ctx: AppContext, slug: string) {
  return inPublicOrg(ctx, slug, async (tx, org) => {
    const rows = await repo.listEvents(tx, org.id, { from: ctx.clock(), publicOnly: true, limit: 200 });
    const shifts = await repo.shiftsOf(tx, org.id, rows.map((r) => r.id));
    return { organization: presentOrg(org), events: rows.map((r) => presentPublicEvent(r, shifts)) };
  });
}

/** One public event (upcoming or not) with its shifts. */
export function publicEvent(ctx: AppContext, slug: string, eventId: string) {
  return inPublicOrg(ctx, slug, async (tx, org) => {
    const row = await openEvent(tx, org.id, eventId);
    return { organization: presentOrg(org), event: presentPublicEvent(row, await repo.shiftsOf(tx, org.id, [row.id])) };
  });
}

/**
 * The public sign-up form: records the volunteer (consent, volunteer flag, recruiter from their
 * link), books the shift or waitlists them, and queues the confirmation e-mail — one transaction.
 */
export function publicSignup(ctx: AppContext, slug: string, eventId: string, input: z.output<typeof PublicSignupSchema>, locale: Locale) {
  return inPublicOrg(ctx, slug, async (tx, org) => {
    const event = await openEvent(tx, org.id, eventId);
    if (event.status !== 'published' || event.ends_at <= ctx.clock()) {
      throw new AppError('validation_failed', { fields: [{ path: 'shiftId', message: 'validation:event_not_open' }] });
    }
    const recruiterId = await recruiterByToken(tx, org.id, input.ref);
    const { personId } = await upsertVolunteer(tx, org.id, input, { dataSource: `event_signup:${eventId}`, recruiterId, now: ctx.clock() });
    const booking = await bookShift(tx, ctx, org, { eventId, shiftId: input.shiftId, personId, locale: input.locale ?? locale });
    return { status: booking.status, shiftId: input.shiftId };
  });
}

/** Cancels a booking from its e-mailed link; the freed place goes to the waitlist. */
export function publicCancel(ctx: AppContext, slug: string, token: string) {
  return inPublicOrg(ctx, slug, async (tx, org) => {
    const signup = await repo.findSignupByToken(tx, org.id, tokenHash(token));
    if (!signup) throw new AppError('link_invalid');
    await changeSignupStatus(tx, ctx, org, signup.id, 'cancelled');
    const event = await repo.findEvent(tx, org.id, signup.event_id);
    return { status: 'cancelled' as const, eventTitle: event?.title ?? '' };
  });
}

/** "Volunteer with us": records the volunteer and hands them their own recruitment link. */
export function publicVolunteer(ctx: AppContext, slug: string, input: z.output<typeof VolunteerSchema>) {
  return inPublicOrg(ctx, slug, async (tx, org) => {
    const recruiterId = await recruiterByToken(tx, org.id, input.ref);
    const { personId } = await upsertVolunteer(tx, org.id, input, {
      dataSource: 'volunteer_form',
      recruiterId,
      now: ctx.clock(),
      ...(input.postalCode ? { postalCode: input.postalCode } : {}),
    });
    const token = await ensureRecruiterToken(tx, org.id, personId);
    return { ok: true as const, recruiterUrl: recruiterUrl(ctx, org.slug, token) };
  });
}
