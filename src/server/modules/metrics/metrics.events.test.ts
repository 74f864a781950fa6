import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { CALL_OUTCOMES, type CallOutcomeName } from '../../../shared/contracts/callbank.js';
import { ANSWERED_OUTCOMES } from '../../../shared/contracts/metrics.js';
import { callFixture, playCall } from '../../../shared/scripts/script.fixtures.js';
import type { ScriptAnswers } from '../../../shared/scripts/script.schema.js';
import { walkScript } from '../../../shared/scripts/script.walker.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { makeActiveCampaign, makeActor, makePeople, makeScriptVersion } from '../callbank/callbank.fixtures.js';
import { chartCsv } from './metrics.csv.js';
import { getDashboard } from './metrics.service.js';

const TZ = 'Europe/Paris';
const START = Date.parse('2026-06-10T16:00:00Z'); // 18:00 in Paris
const END = START + 3 * 3_600_000;

let ctx: TestContext;
let org: { id: string; slug: string };
let actor: OrgActor;
/** 0 host, 1–2 signed up (one checked in), 3 a member not signed up, 4 signed up then cancelled. */
let callers: string[];
let volunteers: { personId: string; status: 'checked_in' | 'confirmed' | 'cancelled' }[];
const EVENT_CALLERS = [0, 1, 2];
const LEVELS = [null, 1, 2, 3, 4, 5] as const;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  actor = await makeActor(ctx, org, 'organizer');
  callers = [(await makeMember(ctx, org.id, 'event_host', { name: 'Hôte Maison' })).userId];
  const emails: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const email = `benevole${i}-${randomUUID().slice(0, 6)}@example.test`;
    emails.push(email);
    callers.push((await makeMember(ctx, org.id, 'caller', { email, name: `Appelant${i} Nom` })).userId);
  }
  // People signed up with the same e-mails (in capitals: the match ignores case), and one
  // volunteer without an account, checked in too.
  volunteers = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    const rows = [
      { email: emails[0]!.toUpperCase(), status: 'checked_in' as const },
      { email: emails[1]!, status: 'confirmed' as const },
      { email: emails[3]!, status: 'cancelled' as const },
      { email: 'sans-compte@example.test', status: 'checked_in' as const },
    ];
    const out = [];
    for (const [i, r] of rows.entries()) {
      const p = await tx
        .insertInto('people')
        .values({ org_id: org.id, first_name: `Bénévole${i}`, last_name: 'Test', email: r.email, is_volunteer: true, legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      out.push({ personId: p.id, status: r.status });
    }
    return out;
  });
});

async function makeEvent(campaignId: string | null, startsAt: number, endsAt: number, title = 'Phoning du mercredi') {
  return inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    const event = await tx
      .insertInto('events')
      .values({ org_id: org.id, kind: 'phone_bank', title, starts_at: new Date(startsAt), ends_at: new Date(endsAt), host_user_id: callers[0]!, call_campaign_id: campaignId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shift = await tx
      .insertInto('shifts')
      .values({ org_id: org.id, event_id: event.id, starts_at: new Date(startsAt), ends_at: new Date(endsAt), capacity: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const v of volunteers) {
      await tx
        .insertInto('signups')
        .values({ org_id: org.id, event_id: event.id, shift_id: shift.id, person_id: v.personId, status: v.status, cancel_token_hash: Buffer.from(randomUUID()) })
        .execute();
    }
    return event.id;
  });
}

interface GenCall {
  caller: number;
  otherCampaign: boolean;
  /** Minutes from an hour before the event to an hour after it. */
  minute: number;
  outcome: CallOutcomeName;
  target: number;
  picks: number[];
}
const genCall: fc.Arbitrary<GenCall> = fc.record({
  caller: fc.nat(4),
  otherCampaign: fc.boolean(),
  minute: fc.nat(5 * 60),
  outcome: fc.constantFrom(...CALL_OUTCOMES),
  target: fc.nat(7),
  picks: fc.array(fc.nat(20), { minLength: 1, maxLength: 8 }),
});

async function setup(history: GenCall[]) {
  const people = await makePeople(ctx, org.id, 8);
  await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
    for (const [i, id] of people.entries()) {
      await tx.updateTable('people').set({ support_level: LEVELS[i % LEVELS.length] ?? null }).where('org_id', '=', org.id).where('id', '=', id).execute();
    }
  });
  const scriptVersionId = await makeScriptVersion(ctx, org.id, callFixture);
  const campaign = await makeActiveCampaign(ctx, actor, people, { scriptVersionId });
  const other = await makeActiveCampaign(ctx, actor, people, { scriptVersionId });
  const eventId = await makeEvent(campaign.id, START, END);
  const targetsOf = (campaignId: string) =>
    inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('call_targets').select(['id', 'person_id']).where('org_id', '=', org.id).where('campaign_id', '=', campaignId).orderBy('person_id').execute(),
    );
  const targets = { [campaign.id]: await targetsOf(campaign.id), [other.id]: await targetsOf(other.id) };
  const rows = history.map((c) => {
    const campaignId = c.otherCampaign ? other.id : campaign.id;
    const target = targets[campaignId]![c.target % 8]!;
    const ended = new Date(START - 3_600_000 + c.minute * 60_000);
    const answers: ScriptAnswers = c.outcome === 'talked' || c.picks[0]! % 5 === 0 ? playCall(callFixture, c.picks) : {};
    return {
      org_id: org.id,
      client_call_id: randomUUID(),
      campaign_id: campaignId,
      target_id: target.id,
      person_id: target.person_id,
      caller_id: callers[c.caller]!,
      script_version_id: scriptVersionId,
      outcome: c.outcome,
      answers: JSON.stringify(answers),
      notes: null,
      started_at: new Date(ended.getTime() - 90_000),
      ended_at: ended,
      callback_at: null,
    };
  });
  if (rows.length > 0) await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.insertInto('calls').values(rows).execute());
  const levelOf = new Map<string, number>(people.map((id, i) => [id, LEVELS[i % LEVELS.length] ?? 0]));
  // What an auditor counts: the event's campaign, its callers, between its start and end.
  const eventCalls = rows
    .map((r, i) => ({ ...r, gen: history[i]! }))
    .filter((r) => r.campaign_id === campaign.id && EVENT_CALLERS.includes(r.gen.caller) && r.ended_at.getTime() >= START && r.ended_at.getTime() <= END);
  return { campaignId: campaign.id, otherId: other.id, eventId, eventCalls, levelOf };
}

describe('an event dashboard', () => {
  it("counts exactly its callers' calls on its campaign during it, for random call histories", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCall, { maxLength: 40 }), async (history) => {
        const { eventId, campaignId, eventCalls, levelOf } = await setup(history);
        const d = await getDashboard(ctx, actor, { eventId });
        expect(d.event?.id).toBe(eventId);
        expect(d.campaign?.id).toBe(campaignId);

        const outcomes = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0]));
        const byHour = Array.from({ length: 24 }, () => 0);
        const byCaller = new Map<string, number>();
        const reached = new Map<string, number>();
        const changes = new Map<string, number>();
        const reachedByLevel = new Map<number, number>();
        const endedHere = new Map<string, number>();
        const answerCounts = new Map<string, number>();
        for (const c of eventCalls) {
          outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
          const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', hourCycle: 'h23' }).format(c.ended_at));
          byHour[hour] = (byHour[hour] ?? 0) + 1;
          const name = `Appelant${c.gen.caller}`;
          byCaller.set(c.gen.caller === 0 ? 'Hôte' : name, (byCaller.get(c.gen.caller === 0 ? 'Hôte' : name) ?? 0) + 1);
          const answers = JSON.parse(c.answers) as ScriptAnswers;
          const before = levelOf.get(c.person_id) ?? 0;
          let after = before;
          if (c.outcome === 'talked' || Object.keys(answers).length > 0) {
            const walk = walkScript(callFixture, answers);
            walk.path.forEach((id, i) => {
              reached.set(id, (reached.get(id) ?? 0) + 1);
              if (i === walk.path.length - 1) endedHere.set(id, (endedHere.get(id) ?? 0) + 1);
            });
            for (const [q, a] of Object.entries(answers)) {
              const question = callFixture.sections.flatMap((x) => x.questions).find((x) => x.id === q);
              if (!question) continue;
              const key = question.kind === 'text' ? `${q}:` : `${q}:${a}`;
              answerCounts.set(key, (answerCounts.get(key) ?? 0) + 1);
            }
            for (const a of walk.actions) if (a.action.type === 'set_support_level') after = a.action.level;
          }
          if (c.outcome === 'talked') reachedByLevel.set(after, (reachedByLevel.get(after) ?? 0) + 1);
          if (after !== before) changes.set(`${before}>${after}`, (changes.get(`${before}>${after}`) ?? 0) + 1);
        }
        expect(d.summary.calls).toBe(eventCalls.length);
        expect(d.summary.outcomes).toEqual(outcomes);
        expect(d.summary.answered).toBe(ANSWERED_OUTCOMES.reduce((s, o) => s + (outcomes[o] ?? 0), 0));
        expect(d.summary.averageCallSeconds).toBe(eventCalls.length === 0 ? null : 90);
        expect(d.charts.byHourOfDay.map((b) => b.calls)).toEqual(byHour);
        expect(new Map(d.charts.leaderboard.map((l) => [l.firstName, l.calls]))).toEqual(byCaller);
        const funnel = new Map(d.charts.funnel.flatMap((s) => s.sections).filter((s) => s.reached > 0).map((s) => [s.id, s.reached]));
        expect(funnel).toEqual(reached);
        const ended = new Map(d.charts.funnel.flatMap((x) => x.sections).filter((x) => x.endedHere > 0).map((x) => [x.id, x.endedHere]));
        expect(ended).toEqual(endedHere);
        const gotAnswers = new Map<string, number>();
        for (const q of d.charts.funnel.flatMap((x) => x.sections).flatMap((x) => x.questions)) {
          if (q.kind === 'text' && q.answered > 0) gotAnswers.set(`${q.id}:`, q.answered);
          for (const ch of q.choices) if (ch.answers > 0) gotAnswers.set(`${q.id}:${ch.id}`, ch.answers);
        }
        expect(gotAnswers).toEqual(answerCounts);
        expect(new Map(d.summary.reachedBySupportLevel.filter((r) => r.conversations > 0).map((r) => [r.level, r.conversations]))).toEqual(reachedByLevel);
        expect(new Map(d.summary.supportChanges.map((c) => [`${c.from}>${c.to}`, c.calls]))).toEqual(changes);

        // The event's own row: the same calls, and its check-ins.
        expect(d.charts.events).toEqual([
          expect.objectContaining({
            id: eventId,
            calls: eventCalls.length,
            conversations: outcomes.talked,
            answered: d.summary.answered,
            signedUp: 3,
            checkedIn: 2,
          }),
        ]);
      }),
      { numRuns: 15 },
    );
  });

  it('answers not found for an unknown event, or an event with another campaign named beside it', async () => {
    const { eventId, otherId } = await setup([]);
    await expect(getDashboard(ctx, actor, { eventId: '999999999' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(getDashboard(ctx, actor, { eventId, campaignId: otherId })).rejects.toMatchObject({ code: 'not_found' });
    const elsewhere = await makeOrg(ctx);
    const stranger = await makeActor(ctx, elsewhere, 'organizer');
    await expect(getDashboard(ctx, stranger, { eventId })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('per-event totals on the organization dashboard', () => {
  it('list each started event with its calls and check-ins, honouring the campaign and date filters, with a CSV', async () => {
    const history: GenCall[] = Array.from({ length: 30 }, (_, i) => ({
      caller: i % 5,
      otherCampaign: i % 3 === 0,
      minute: 30 + i * 8,
      outcome: CALL_OUTCOMES[i % CALL_OUTCOMES.length]!,
      target: i,
      picks: [1, 2, 3],
    }));
    const { campaignId, otherId, eventId, eventCalls } = await setup(history);
    // A second event on the other campaign a week later, one in the future, one cancelled.
    const later = await makeEvent(otherId, START + 7 * 86_400_000, END + 7 * 86_400_000, 'Phoning de la semaine suivante');
    const future = await makeEvent(campaignId, Date.parse('2099-01-01T10:00:00Z'), Date.parse('2099-01-01T12:00:00Z'), 'Plus tard');
    const cancelled = await makeEvent(campaignId, START, END, 'Annulé');
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.updateTable('events').set({ status: 'cancelled' }).where('org_id', '=', org.id).where('id', '=', cancelled).execute());

    const byCampaign = await getDashboard(ctx, actor, { campaignId });
    const ids = byCampaign.charts.events.map((e) => e.id);
    expect(ids).toContain(eventId);
    expect(ids).not.toContain(later);
    expect(ids).not.toContain(future);
    expect(ids).not.toContain(cancelled);
    const row = byCampaign.charts.events.find((e) => e.id === eventId)!;
    expect(row).toMatchObject({ calls: eventCalls.length, conversations: eventCalls.filter((c) => c.outcome === 'talked').length, checkedIn: 2, signedUp: 3 });

    const whole = await getDashboard(ctx, actor, { from: '2026-06-17', to: '2026-06-17' });
    expect(whole.charts.events.map((e) => e.id)).toEqual([later]);
    // The later event had no calls of its own callers in its window.
    expect(whole.charts.events[0]).toMatchObject({ calls: 0, checkedIn: 2 });

    const csv = chartCsv(byCampaign, 'events');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFevent_id;event;kind;starts_at;ends_at;calls;answered;conversations;contact_rate;signed_up;checked_in');
    expect(csv).toContain(`${eventId};Phoning du mercredi;phone_bank;`);
  });

  it('moves the check-in count of a live event when a volunteer is checked in', async () => {
    const { eventId } = await setup([]);
    const before = await getDashboard(ctx, actor, { eventId });
    expect(before.charts.events[0]?.checkedIn).toBe(2);
    await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.updateTable('signups').set({ status: 'checked_in' }).where('org_id', '=', org.id).where('event_id', '=', eventId).where('status', '=', 'confirmed').execute(),
    );
    const after = await getDashboard(ctx, actor, { eventId });
    expect(after.charts.events[0]?.checkedIn).toBe(3);
  });
});
