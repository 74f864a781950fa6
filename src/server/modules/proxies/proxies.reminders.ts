import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { ProxyMatchStatus, ProxyReminderKind } from '../../platform/db/schema-proxies.js';
import { defineJob, enqueueJob } from '../../platform/jobs/jobs.js';
import { queueMail } from '../mail/index.js';
import { dayBeforeReminder, establishReminder, type ReminderRound } from './proxies.messages.js';
import * as repo from './proxies.repository.js';
import { messageFacts } from './proxies.service.js';

/**
 * Automatic reminders for a round, each sent once per side of a match:
 * - 'establish', ESTABLISH_REMINDER_DAYS before the round's deadline at REMINDER_TIME (local time of
 *   the organization): both sides of matches accepted but not yet established on that round;
 * - 'round', the day before the round at REMINDER_TIME: both sides of established (or
 *   holder-confirmed) proxies, the holder with where and when to vote. A match not marked
 *   established gets no day-before e-mail (the holder would go and vote on a proxy that may not
 *   exist); it stays on the "accepted" call list for organizers to check by phone.
 *
 * Do not e-mail: a reminder is transactional, and reaches an opted-out address, when the person
 * asked for this proxy themselves (the public form, or on a call); for requests and offers an
 * organizer made (imports, tags) it counts as marketing and "do not e-mail" holds it back. Either
 * way it is recorded in proxy_reminders (skipped) so organizers can call instead, and never retried.
 */
export const REMINDER_JOB = 'proxies.reminders';
export const ESTABLISH_REMINDER_DAYS = 3;
export const REMINDER_TIME = '10:00';

const STATUSES: Record<ProxyReminderKind, ProxyMatchStatus[]> = {
  establish: ['accepted', 'giver_informed'],
  round: ['established', 'confirmed_by_holder'],
};

/** When a round's reminder of this kind is due, in the organization's time zone. */
async function dueAt(tx: Tx, round: repo.RoundRow, kind: ProxyReminderKind, timeZone: string): Promise<Date> {
  return kind === 'establish' ? repo.localInstant(tx, round.deadline, ESTABLISH_REMINDER_DAYS, REMINDER_TIME, timeZone) : repo.localInstant(tx, round.date, 1, REMINDER_TIME, timeZone);
}

/**
 * Queues the round's two reminder jobs at their due time (inside the transaction that created or
 * moved the round). A job finding the round moved or deleted does nothing, and reminders already
 * recorded are never sent again, so scheduling again after a change is always safe.
 */
export async function scheduleRoundReminders(tx: Tx, orgId: string, round: repo.RoundRow): Promise<void> {
  const { timeZone } = await repo.orgSettings(tx, orgId);
  for (const kind of ['establish', 'round'] as const) await scheduleAt(tx, orgId, round.id, kind, await dueAt(tx, round, kind, timeZone));
}

async function scheduleAt(tx: Tx, orgId: string, roundId: string, kind: ProxyReminderKind, at: Date): Promise<void> {
  const jobId = await enqueueJob(tx, { orgId }, REMINDER_JOB, { roundId, kind, due: at.toISOString() });
  await tx.updateTable('job_queue').set({ run_after: at }).where('org_id', '=', orgId).where('job_id', '=', jobId).execute();
}

type Side = 'giver' | 'holder';

/** Matches handled per transaction: a round of 20,000 proxies commits in 40 steps, not one long one. */
export const REMINDER_CHUNK = 500;

/**
 * Sends one round's reminders of one kind to the next matches due one (ids above `after`, at most
 * REMINDER_CHUNK), once: the row in proxy_reminders is inserted first (ON CONFLICT DO NOTHING), and
 * only a new row queues an e-mail. `lastId` is where the next chunk starts; `done` when none is left.
 */
export async function sendRoundReminders(tx: Tx, ctx: AppContext, orgId: string, round: ReminderRound, kind: ProxyReminderKind, after = '0', limit = REMINDER_CHUNK) {
  const matches = await repo
    .selectMatches(tx, orgId)
    .where('m.status', 'in', STATUSES[kind])
    .where(sql<boolean>`${round.date}::date = ANY (m.rounds)`)
    .where('m.id', '>', after)
    .orderBy('m.id')
    .limit(limit)
    .execute();
  const now = ctx.clock();
  const counts = { queued: 0, noEmail: 0, doNotEmail: 0 };
  // Claim every side of the chunk in one statement; only the rows this run inserted get a message.
  const { rows: claimed } = await sql<{ match_id: string; side: Side }>`
    INSERT INTO proxy_reminders (org_id, match_id, round_date, kind, side, sent_at)
    SELECT ${orgId}, m.id, ${round.date}::date, ${kind}, s.side, ${now}
      FROM unnest(${matches.map((m) => m.id)}::bigint[]) AS m(id) CROSS JOIN (VALUES ('giver'), ('holder')) AS s(side)
    ON CONFLICT (org_id, match_id, round_date, kind, side) DO NOTHING
    RETURNING match_id, side`.execute(tx);
  const mine = new Set(claimed.map((c) => `${c.match_id}|${c.side}`));
  const stations = new Map<string, { name: string; address: string } | undefined>();
  const results: { matchId: string; side: Side; outboxId: string | null; skipped: 'no_email' | 'do_not_email' | null }[] = [];
  for (const m of matches) {
    const sides = (['giver', 'holder'] as const).filter((side) => mine.has(`${m.id}|${side}`));
    if (sides.length === 0) continue;
    const facts = await messageFacts(tx, orgId, m, stations);
    for (const side of sides) {
      const [to, personId, origin] = side === 'giver' ? [m.g_email, m.g_person_id, m.r_origin] : [m.h_email, m.h_person_id, m.o_origin];
      let outboxId: string | null = null;
      let skipped: 'no_email' | 'do_not_email' | null = null;
      if (!to) skipped = 'no_email';
      else {
        const mail = kind === 'establish' ? establishReminder(side, facts, round) : dayBeforeReminder(side, facts, round);
        // Asked for by the person themselves (form or call): transactional; made by an organizer: marketing.
        outboxId = await queueMail(tx, ctx, orgId, { to, personId, kind: origin === 'organizer' ? 'marketing' : 'transactional', subject: mail.subject, text: mail.text });
        if (!outboxId) skipped = 'do_not_email';
      }
      if (outboxId) counts.queued++;
      else if (skipped === 'no_email') counts.noEmail++;
      else counts.doNotEmail++;
      results.push({ matchId: m.id, side, outboxId, skipped });
    }
  }
  if (results.length > 0) {
    await sql`
      UPDATE proxy_reminders pr SET outbox_id = x.outbox_id, skipped = x.skipped
        FROM unnest(${results.map((r) => r.matchId)}::bigint[], ${results.map((r) => r.side)}::text[], ${results.map((r) => r.outboxId)}::bigint[], ${results.map((r) => r.skipped)}::text[])
             AS x(match_id, side, outbox_id, skipped)
       WHERE pr.org_id = ${orgId} AND pr.match_id = x.match_id AND pr.round_date = ${round.date}::date AND pr.kind = ${kind} AND pr.side = x.side`.execute(tx);
  }
  const last = matches.at(-1);
  return { ...counts, handled: matches.length, lastId: last?.id ?? after, done: matches.length < limit };
}

type ReminderPayload = { roundId: string; kind: ProxyReminderKind; due: string };
type Counts = { queued: number; noEmail: number; doNotEmail: number };
type Chunk = Awaited<ReturnType<typeof sendRoundReminders>>;

/** The round, if this job is still its current schedule and not too late; else why it does nothing. */
async function dueRound(tx: Tx, ctx: AppContext, orgId: string, payload: ReminderPayload): Promise<{ round: repo.RoundRow } | { skipped: string }> {
  const round = await repo.findRound(tx, orgId, payload.roundId);
  if (!round) return { skipped: 'round deleted' };
  const { timeZone } = await repo.orgSettings(tx, orgId);
  const due = await dueAt(tx, round, payload.kind, timeZone);
  if (due.toISOString() !== payload.due) {
    // The round was moved (its new job carries the new time), or the organization changed its
    // time zone (no job does yet: this one queues it).
    const queued = await tx
      .selectFrom('jobs')
      .select('id')
      .where('org_id', '=', orgId)
      .where('kind', '=', REMINDER_JOB)
      .where('status', '=', 'queued')
      .where(sql<boolean>`payload @> ${JSON.stringify({ roundId: round.id, kind: payload.kind, due: due.toISOString() })}::jsonb`)
      .executeTakeFirst();
    if (!queued) await scheduleAt(tx, orgId, round.id, payload.kind, due);
    return { skipped: 'rescheduled' };
  }
  const now = ctx.clock();
  if (now.getTime() < due.getTime() - 60_000) return { skipped: 'not due' };
  // Past the deadline (establish) or on polling day (round), a reminder is no use any more.
  const tooLate = payload.kind === 'establish' ? await repo.localInstant(tx, round.deadline, -1, '00:00', timeZone) : await repo.localInstant(tx, round.date, 0, '00:00', timeZone);
  if (now >= tooLate) return { skipped: 'too late' };
  return { round };
}

/**
 * Runs one scheduled reminder job: checks it is still the round's current schedule, then sends in
 * chunks, each in its own transaction (`inChunk`: the job's chunk, which also records progress).
 * Running it again sends nothing already sent.
 */
export async function runReminderJob(
  ctx: AppContext,
  orgId: string,
  payload: ReminderPayload,
  options: { inChunk?: (work: (tx: Tx) => Promise<Chunk>) => Promise<Chunk>; chunkSize?: number } = {},
): Promise<Counts | { skipped: string }> {
  const inChunk = options.inChunk ?? ((work) => inOrg(ctx.database.db, { orgId }, work));
  const check = await inOrg(ctx.database.db, { orgId }, (tx) => dueRound(tx, ctx, orgId, payload));
  if ('skipped' in check) return check;
  const totals: Counts = { queued: 0, noEmail: 0, doNotEmail: 0 };
  let after = '0';
  for (;;) {
    const part = await inChunk((tx) => sendRoundReminders(tx, ctx, orgId, check.round, payload.kind, after, options.chunkSize));
    totals.queued += part.queued;
    totals.noEmail += part.noEmail;
    totals.doNotEmail += part.doNotEmail;
    after = part.lastId;
    if (part.done) return totals;
  }
}

defineJob<ReminderPayload, { after: string }>(REMINDER_JOB, (run) => {
  let handled = 0;
  return runReminderJob(run.ctx, run.orgId, run.payload, {
    inChunk: (work) =>
      run.chunk(async (tx) => {
        const part = await work(tx);
        handled += part.handled;
        return { state: { after: part.lastId }, done: handled, value: part };
      }),
  });
});
