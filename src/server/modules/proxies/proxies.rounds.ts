import { DEFAULT_DEADLINE_DAYS, type ProxyRound, type ProxyRoundInput } from '../../../shared/contracts/proxies.js';
import type { FieldError } from '../../../shared/errors.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { fieldMessage, type ProxyFieldError } from './proxies.messages.js';
import { scheduleRoundReminders } from './proxies.reminders.js';
import * as repo from './proxies.repository.js';

/**
 * Election rounds: each organization says which rounds it collects proxies for (label, date, and
 * the last day it wants them established). The public forms and the calling integration offer the
 * rounds whose deadline has not passed; every round schedules its own reminders.
 */

/** Today's date (YYYY-MM-DD) in the organization's time zone. */
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const minusDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

const present = (r: repo.RoundRow): ProxyRound => ({ id: r.id, label: r.label, labelEn: r.label_en, date: r.date, deadline: r.deadline });

/** The rounds still open today for the organization (deadline not passed), soonest first: what forms and calls offer. */
export async function openRounds(tx: Tx, orgId: string, now: Date): Promise<repo.RoundRow[]> {
  const { timeZone } = await repo.orgSettings(tx, orgId);
  return repo.selectRounds(tx, orgId, localToday(now, timeZone));
}

/**
 * Checks the rounds a form or an organizer names against the organization's: each must exist and
 * still be open. Returns the field errors (`rounds.<i>`), in the given language.
 */
export async function checkRounds(tx: Tx, orgId: string, rounds: readonly string[], now: Date, locale: Locale, path = 'rounds'): Promise<FieldError[]> {
  const { timeZone } = await repo.orgSettings(tx, orgId);
  const today = localToday(now, timeZone);
  const all = new Map((await repo.selectRounds(tx, orgId)).map((r) => [r.date, r]));
  const fields: FieldError[] = [];
  rounds.forEach((date, i) => {
    const round = all.get(date);
    if (!round) fields.push({ path: `${path}.${i}`, message: fieldMessage('unknown_round', locale) });
    else if (round.deadline < today) fields.push({ path: `${path}.${i}`, message: fieldMessage('round_closed', locale) });
  });
  return fields;
}

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => fn(tx, actor.org.id));
}

/** Every round of the organization, past ones included, soonest first. */
export function listRounds(ctx: AppContext, actor: OrgActor) {
  return run(ctx, actor, async (tx, orgId) => ({ rounds: (await repo.selectRounds(tx, orgId)).map(present) }));
}

/** The rounds a public form offers. */
export async function publicRounds(ctx: AppContext, orgId: string) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => ({ rounds: (await openRounds(tx, orgId, ctx.clock())).map(present) }));
}

async function validRound(tx: Tx, orgId: string, input: ProxyRoundInput, now: Date, locale: Locale, current?: repo.RoundRow) {
  const deadline = input.deadline ?? minusDays(input.date, DEFAULT_DEADLINE_DAYS);
  const today = localToday(now, (await repo.orgSettings(tx, orgId)).timeZone);
  const fields: FieldError[] = [];
  const fail = (path: string, key: ProxyFieldError) => fields.push({ path, message: fieldMessage(key, locale) });
  // Past values are refused only when they change (a past round's label may still be corrected).
  if (input.date < today && input.date !== current?.date) fail('date', 'round_in_past');
  if (deadline > input.date) fail('deadline', 'deadline_after_round');
  else if (input.deadline !== undefined && deadline < today && deadline !== current?.deadline) fail('deadline', 'deadline_in_past');
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  // A default deadline already past (a round next Tuesday): today is the last day.
  return { label: input.label, labelEn: input.labelEn || null, date: input.date, deadline: deadline < today && deadline !== current?.deadline ? today : deadline };
}

const dateTaken = (locale: Locale) => new AppError('conflict', { fields: [{ path: 'date', message: fieldMessage('round_date_taken', locale) }] });

/** Adds a round and schedules its reminders. */
export function createRound(ctx: AppContext, actor: OrgActor, input: ProxyRoundInput): Promise<ProxyRound> {
  return run(ctx, actor, async (tx, orgId) => {
    const now = ctx.clock();
    const round = await repo.insertRound(tx, orgId, await validRound(tx, orgId, input, now, actor.locale), now);
    if (!round) throw dateTaken(actor.locale);
    await scheduleRoundReminders(tx, orgId, round);
    return present(round);
  });
}

/**
 * Changes a round. A new date is carried onto every request, offer and match that named the old
 * one, in the same transaction; a new date or deadline schedules the reminders again (the jobs of
 * the old schedule find the round moved and do nothing).
 */
export function updateRound(ctx: AppContext, actor: OrgActor, roundId: string, input: ProxyRoundInput): Promise<ProxyRound> {
  return run(ctx, actor, async (tx, orgId) => {
    const now = ctx.clock();
    const current = await repo.findRound(tx, orgId, roundId, true);
    if (!current) throw notFound();
    const next = await validRound(tx, orgId, input, now, actor.locale, current);
    if (next.date !== current.date) {
      if (await repo.roundDateTaken(tx, orgId, next.date, roundId)) throw dateTaken(actor.locale);
      await repo.moveRoundDate(tx, orgId, current.date, next.date, now);
    }
    const round = await repo.updateRound(tx, orgId, roundId, next, now);
    if (round.date !== current.date || round.deadline !== current.deadline) await scheduleRoundReminders(tx, orgId, round);
    return present(round);
  });
}

/** Deletes a round that no open request, available offer or live match names (move it instead). */
export function deleteRound(ctx: AppContext, actor: OrgActor, roundId: string) {
  return run(ctx, actor, async (tx, orgId) => {
    const round = await repo.findRound(tx, orgId, roundId, true);
    if (!round) throw notFound();
    if ((await repo.roundUses(tx, orgId, round.date)) > 0) throw new AppError('conflict', { fields: [{ path: 'roundId', message: fieldMessage('round_in_use', actor.locale) }] });
    await repo.deleteRound(tx, orgId, roundId);
    return { ok: true as const };
  });
}
