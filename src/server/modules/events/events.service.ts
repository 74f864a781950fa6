import type { z } from 'zod';
import type { EventCreateSchema, EventUpdateSchema, RecruitNode, ShiftCreateSchema } from '../../../shared/contracts/events.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { SignupStatus } from '../../platform/db/schema-events-mail.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { changeSignupStatus, mailBooking, type OrgInfo } from './events.bookings.js';
import { scheduleEventMails } from './events.jobs.js';
import { presentEvent, presentSignup } from './events.mappers.js';
import { ensureRecruiterToken, recruitmentEdges } from './events.people.js';
import * as repo from './events.repository.js';

type EventCreate = z.output<typeof EventCreateSchema>;
type EventUpdate = z.output<typeof EventUpdateSchema>;
type ShiftCreate = z.output<typeof ShiftCreateSchema>;

/** Who may see an event's sign-ups: organizers every event, hosts only the events they host. */
export type EventAccess = { as: 'organizer' } | { as: 'host'; userId: string };

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

function orgInfo(actor: OrgActor): OrgInfo {
  return { id: actor.org.id, slug: actor.org.slug, name: actor.org.name, time_zone: actor.org.timeZone };
}

async function loadEvent(tx: Tx, orgId: string, eventId: string, access: EventAccess) {
  const row = await repo.findEvent(tx, orgId, eventId);
  // Another host's event answers exactly like a missing one.
  if (!row || (access.as === 'host' && row.host_user_id !== access.userId)) throw notFound();
  return presentEvent(row, await repo.shiftsOf(tx, orgId, [row.id]));
}

async function checkHost(tx: Tx, orgId: string, hostUserId: string | null | undefined): Promise<void> {
  if (hostUserId && !(await repo.isMember(tx, orgId, hostUserId))) {
    throw new AppError('validation_failed', { fields: [{ path: 'hostUserId', message: 'validation:event_unknown_host' }] });
  }
}

function checkShiftsInside(shifts: readonly ShiftCreate[], startsAt: string, endsAt: string): void {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  const fields = shifts.flatMap((s, i) =>
    Date.parse(s.startsAt) < start || Date.parse(s.endsAt) > end ? [{ path: `shifts.${i}.startsAt`, message: 'validation:event_shift_outside' }] : [],
  );
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
}

/** The organization's events, upcoming first (or the past ones, latest first). */
export async function listEvents(ctx: AppContext, actor: OrgActor, opts: { past: boolean }) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const now = ctx.clock();
    const rows = await repo.listEvents(tx, actor.org.id, opts.past ? { before: now } : { from: now });
    const shifts = await repo.shiftsOf(tx, actor.org.id, rows.map((r) => r.id));
    return rows.map((r) => presentEvent(r, shifts));
  });
}

/** Creates an event; without shifts, one shift spans the event with the event's capacity. */
export async function createEvent(ctx: AppContext, actor: OrgActor, input: EventCreate) {
  const translated = input.shifts.length > 0 ? input.shifts : [{ startsAt: input.startsAt, endsAt: input.endsAt, capacity: input.capacity }];
  checkShiftsInside(translated, input.startsAt, input.endsAt);
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    await checkHost(tx, actor.org.id, input.hostUserId);
    const { id } = await repo.insertEvent(tx, actor.org.id, {
      kind: input.kind,
      title: input.title,
      description: input.description,
      place: input.place,
      online_url: input.onlineUrl,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      capacity: input.capacity,
      host_user_id: input.hostUserId,
      call_campaign_id: input.callCampaignId,
      status: input.status,
      is_public: input.isPublic,
      created_by: actor.user.id,
      updated_at: ctx.clock(),
    });
    for (const shift of translated) {
      await repo.insertShift(tx, actor.org.id, id, { startsAt: new Date(shift.startsAt), endsAt: new Date(shift.endsAt), capacity: shift.capacity });
    }
    await scheduleEventMails(tx, actor.org.id, { id, starts_at: new Date(input.startsAt), ends_at: new Date(input.endsAt) });
    return loadEvent(tx, actor.org.id, id, { as: 'organizer' });
  });
}

export function getEvent(ctx: AppContext, actor: OrgActor, eventId: string) {
  return inOrg(ctx.database.db, scope(actor), (tx) => loadEvent(tx, actor.org.id, eventId, { as: 'organizer' }));
}

/** Changes an event's details, host or status. */
export function updateEvent(ctx: AppContext, actor: OrgActor, eventId: string, input: EventUpdate) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const current = await repo.findEvent(tx, actor.org.id, eventId);
    if (!current) throw notFound();
    const startsAt = input.startsAt ? new Date(input.startsAt) : current.starts_at;
    const endsAt = input.endsAt ? new Date(input.endsAt) : current.ends_at;
    if (endsAt <= startsAt) throw new AppError('validation_failed', { fields: [{ path: 'endsAt', message: 'validation:event_ends_before_start' }] });
    await checkHost(tx, actor.org.id, input.hostUserId);
    await repo.updateEvent(tx, actor.org.id, eventId, {
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.place !== undefined ? { place: input.place } : {}),
      ...(input.onlineUrl !== undefined ? { online_url: input.onlineUrl } : {}),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      ...(input.hostUserId !== undefined ? { host_user_id: input.hostUserId } : {}),
      ...(input.callCampaignId !== undefined ? { call_campaign_id: input.callCampaignId } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.isPublic !== undefined ? { is_public: input.isPublic } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      updated_at: ctx.clock(),
    });
    if (startsAt.getTime() !== current.starts_at.getTime() || endsAt.getTime() !== current.ends_at.getTime()) {
      await scheduleEventMails(tx, actor.org.id, { id: eventId, starts_at: startsAt, ends_at: endsAt });
    }
    return loadEvent(tx, actor.org.id, eventId, { as: 'organizer' });
  });
}

/** Adds a time slot to an event. */
export function addShift(ctx: AppContext, actor: OrgActor, eventId: string, input: ShiftCreate) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const event = await repo.findEvent(tx, actor.org.id, eventId);
    if (!event) throw notFound();
    checkShiftsInside([input], event.starts_at.toISOString(), event.ends_at.toISOString());
    await repo.insertShift(tx, actor.org.id, eventId, { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), capacity: input.capacity });
    return loadEvent(tx, actor.org.id, eventId, { as: 'organizer' });
  });
}

/** The events a host hosts, upcoming first. */
export function listHostedEvents(ctx: AppContext, actor: OrgActor) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const since = new Date(ctx.clock().getTime() - 24 * 3600_000);
    const rows = await repo.listEvents(tx, actor.org.id, { from: since, hostUserId: actor.user.id });
    const shifts = await repo.shiftsOf(tx, actor.org.id, rows.map((r) => r.id));
    return rows.map((r) => presentEvent(r, shifts));
  });
}

/** An event's sign-ups, for its organizers or its host (another host gets "not found"). */
export function listSignups(ctx: AppContext, actor: OrgActor, eventId: string, access: EventAccess) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const event = await loadEvent(tx, actor.org.id, eventId, access);
    const rows = await repo.signupsOf(tx, actor.org.id, eventId);
    return { event, signups: rows.map(presentSignup) };
  });
}

/** Checks a volunteer in, marks a no-show, confirms or cancels, at an event the actor may manage. */
export function updateSignup(ctx: AppContext, actor: OrgActor, eventId: string, signupId: string, status: SignupStatus, access: EventAccess) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    await loadEvent(tx, actor.org.id, eventId, access);
    const [row] = await repo.signupsOf(tx, actor.org.id, eventId, { signupId });
    if (!row) throw notFound();
    await changeSignupStatus(tx, ctx, orgInfo(actor), signupId, status);
    const [updated] = await repo.signupsOf(tx, actor.org.id, eventId, { signupId });
    return presentSignup(updated!);
  });
}

/**
 * E-mails the event's volunteers: the reminder to everyone holding a place, or the thank-you to
 * everyone who came (do-not-e-mail honoured for the thank-you).
 */
export function sendEventMail(ctx: AppContext, actor: OrgActor, eventId: string, template: 'reminder_day_before' | 'thank_you_after_event') {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const event = await repo.findEvent(tx, actor.org.id, eventId);
    if (!event) throw notFound();
    const statuses: SignupStatus[] = template === 'reminder_day_before' ? ['confirmed', 'checked_in'] : ['checked_in'];
    const rows = await repo.signupsOf(tx, actor.org.id, eventId, { statuses });
    let queued = 0;
    for (const row of rows) if (await mailBooking(tx, ctx, orgInfo(actor), row.id, template)) queued++;
    await repo.updateEvent(tx, actor.org.id, eventId, template === 'reminder_day_before' ? { reminder_sent_at: ctx.clock() } : { thank_you_sent_at: ctx.clock() });
    return { queued };
  });
}

/** A volunteer's personal recruitment link. */
export function createRecruiterLink(ctx: AppContext, actor: OrgActor, personId: string) {
  return inOrg(ctx.database.db, scope(actor), async (tx) => {
    const person = await tx.selectFrom('people').select('id').where('org_id', '=', actor.org.id).where('id', '=', personId).executeTakeFirst();
    if (!person) throw notFound();
    const token = await ensureRecruiterToken(tx, actor.org.id, personId);
    return { personId, token, url: recruiterUrl(ctx, actor.org.slug, token) };
  });
}

export function recruiterUrl(ctx: AppContext, slug: string, token: string): string {
  return `${ctx.publicUrl}/public/${slug}/volunteer?ref=${encodeURIComponent(token)}`;
}

/** Who recruited whom, as trees rooted at the people nobody recruited. */
export async function recruitTree(ctx: AppContext, actor: OrgActor): Promise<RecruitNode[]> {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) => recruitmentEdges(tx, actor.org.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (r.recruiter_id && byId.has(r.recruiter_id)) children.set(r.recruiter_id, [...(children.get(r.recruiter_id) ?? []), r.id]);
  }
  const seen = new Set<string>();
  const build = (id: string): RecruitNode => {
    seen.add(id);
    const row = byId.get(id)!;
    const kids = (children.get(id) ?? []).filter((k) => !seen.has(k));
    return { personId: id, name: `${row.first_name} ${row.last_name}`.trim(), recruits: kids.map(build) };
  };
  const roots = rows.filter((r) => !r.recruiter_id || !byId.has(r.recruiter_id)).map((r) => build(r.id));
  // People caught in a recruitment loop (A recruited B recruited A) still appear once.
  for (const r of rows) if (!seen.has(r.id)) roots.push(build(r.id));
  return roots;
}
