import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import { defineJob, enqueueJob } from '../../platform/jobs/jobs.js';
import { mailBooking } from './events.bookings.js';
import * as repo from './events.repository.js';

/** The reminder goes out a day before the event starts; the thank-you two hours after it ends. */
export const REMINDER_JOB = 'events.reminder';
export const THANK_YOU_JOB = 'events.thank_you';
const DAY_MS = 24 * 3600_000;
const THANK_YOU_DELAY_MS = 2 * 3600_000;

function dueAt(kind: typeof REMINDER_JOB | typeof THANK_YOU_JOB, event: { starts_at: Date; ends_at: Date }): Date {
  return kind === REMINDER_JOB ? new Date(event.starts_at.getTime() - DAY_MS) : new Date(event.ends_at.getTime() + THANK_YOU_DELAY_MS);
}

async function schedule(tx: Tx, orgId: string, eventId: string, kind: typeof REMINDER_JOB | typeof THANK_YOU_JOB, at: Date): Promise<void> {
  const jobId = await enqueueJob(tx, { orgId }, kind, { eventId });
  await tx.updateTable('job_queue').set({ run_after: at }).where('org_id', '=', orgId).where('job_id', '=', jobId).execute();
}

/**
 * Schedules an event's automatic e-mails (inside the transaction that created or moved it). A job
 * that finds the event moved reschedules itself, and one already sent does nothing, so scheduling
 * again after a change is always safe.
 */
export async function scheduleEventMails(tx: Tx, orgId: string, event: { id: string; starts_at: Date; ends_at: Date }): Promise<void> {
  await schedule(tx, orgId, event.id, REMINDER_JOB, dueAt(REMINDER_JOB, event));
  await schedule(tx, orgId, event.id, THANK_YOU_JOB, dueAt(THANK_YOU_JOB, event));
}

async function runEventMail(ctx: AppContext, orgId: string, eventId: string, kind: typeof REMINDER_JOB | typeof THANK_YOU_JOB) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const event = await repo.findEvent(tx, orgId, eventId);
    if (!event || event.status !== 'published') return { skipped: 'not published' };
    const sentAt = kind === REMINDER_JOB ? event.reminder_sent_at : event.thank_you_sent_at;
    if (sentAt) return { skipped: 'already sent' };
    const now = ctx.clock();
    const due = dueAt(kind, event);
    // The event was moved later: another job was scheduled for the new time.
    if (now.getTime() < due.getTime() - 60_000) return { skipped: 'not due' };
    // A reminder that would arrive after the start is pointless.
    if (kind === REMINDER_JOB && now >= event.starts_at) return { skipped: 'too late' };
    const org = await repo.findOrganization(tx, orgId);
    if (!org) return { skipped: 'no organization' };
    const template = kind === REMINDER_JOB ? 'reminder_day_before' : 'thank_you_after_event';
    const rows = await repo.signupsOf(tx, orgId, eventId, { statuses: kind === REMINDER_JOB ? ['confirmed'] : ['checked_in'] });
    let queued = 0;
    for (const row of rows) if (await mailBooking(tx, ctx, org, row.id, template)) queued++;
    await repo.updateEvent(tx, orgId, eventId, kind === REMINDER_JOB ? { reminder_sent_at: now } : { thank_you_sent_at: now });
    return { queued };
  });
}

defineJob<{ eventId: string }, Record<string, never>>(REMINDER_JOB, (run) => runEventMail(run.ctx, run.orgId, run.payload.eventId, REMINDER_JOB));
defineJob<{ eventId: string }, Record<string, never>>(THANK_YOU_JOB, (run) => runEventMail(run.ctx, run.orgId, run.payload.eventId, THANK_YOU_JOB));
