import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { ClaimResult } from '../../../shared/contracts/callbank.js';
import { inOrg } from '../../platform/db/database.js';
import { claimNext } from './callbank.claim.js';
import { callFixture } from '../../../shared/scripts/script.fixtures.js';
import { addToCampaigns, makeActiveCampaign, makeActor, makeCaller, makePeople, makeScriptVersion } from './callbank.fixtures.js';
import { recordOutcome } from './callbank.outcome.js';
import { campaignProgress } from './callbank.service.js';
import { createPath } from '../paths/paths.service.js';

const NOON = new Date('2026-07-01T10:00:00Z');
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ now: NOON });
});

function claimed(result: ClaimResult) {
  if (result.status !== 'claimed') throw new Error(`expected a claim, got ${result.reason}`);
  return result.claim;
}

async function setup(count: number, overrides = {}) {
  ctx.setNow(NOON);
  const org = await makeOrg(ctx);
  const organizer = await makeActor(ctx, org, 'organizer');
  const people = await makePeople(ctx, org.id, count);
  const campaign = await makeActiveCampaign(ctx, organizer, people, overrides);
  const caller = await makeCaller(ctx, org, campaign.id);
  return { org, organizer, caller, people, campaign };
}

const minutes = (n: number) => new Date(NOON.getTime() + n * 60_000);

describe('recordOutcome', () => {
  it('retries a no-answer after the delay, then gives up after the maximum attempts', async () => {
    const { caller, campaign, organizer } = await setup(1, { maxAttempts: 2, retryDelayMinutes: 60 });
    const first = claimed(await claimNext(ctx, caller, campaign.id));
    expect(await recordOutcome(ctx, caller, campaign.id, first.targetId, { callId: randomUUID(), outcome: 'no_answer', answers: {} })).toMatchObject({ targetStatus: 'queued', myCalls: 1 });
    expect(await claimNext(ctx, caller, campaign.id)).toEqual({ status: 'none', reason: 'nobody_due', nextDueAt: minutes(60).toISOString() });
    ctx.setNow(minutes(61));
    const second = claimed(await claimNext(ctx, caller, campaign.id));
    expect(second).toMatchObject({ targetId: first.targetId, attempts: 1 });
    expect(await recordOutcome(ctx, caller, campaign.id, second.targetId, { callId: randomUUID(), outcome: 'voicemail', answers: {} })).toMatchObject({ targetStatus: 'exhausted' });
    expect(await claimNext(ctx, caller, campaign.id)).toMatchObject({ status: 'none', reason: 'finished' });
    expect(await campaignProgress(ctx, organizer, campaign.id)).toMatchObject({ exhausted: 1, calls: 2, outcomes: { no_answer: 1, voicemail: 1 } });
  });

  it('offers a callback at the time the person chose, before the rest of the list', async () => {
    const { caller, campaign, organizer } = await setup(3);
    const first = claimed(await claimNext(ctx, caller, campaign.id));
    await expect(recordOutcome(ctx, caller, campaign.id, first.targetId, { callId: randomUUID(), outcome: 'callback', answers: {} })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ path: 'callbackAt' }],
    });
    await recordOutcome(ctx, caller, campaign.id, first.targetId, { callId: randomUUID(), outcome: 'callback', answers: { 'q-talk': 'later' }, callbackAt: minutes(30).toISOString() });
    expect(await campaignProgress(ctx, organizer, campaign.id)).toMatchObject({ toCall: 2, callbacksLater: 1, callbacksDue: 0 });
    const before = claimed(await claimNext(ctx, caller, campaign.id));
    expect(before.targetId).not.toBe(first.targetId);
    await recordOutcome(ctx, caller, campaign.id, before.targetId, { callId: randomUUID(), outcome: 'refused', answers: {} });
    ctx.setNow(minutes(31));
    expect(await campaignProgress(ctx, organizer, campaign.id)).toMatchObject({ callbacksDue: 1 });
    expect(claimed(await claimNext(ctx, caller, campaign.id)).targetId).toBe(first.targetId);
  });

  it('stores a retried save once', async () => {
    const { org, caller, campaign } = await setup(2);
    const claim = claimed(await claimNext(ctx, caller, campaign.id));
    const input = { callId: randomUUID(), outcome: 'talked' as const, answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'offer' } };
    const [a, b] = await Promise.all([recordOutcome(ctx, caller, campaign.id, claim.targetId, input), recordOutcome(ctx, caller, campaign.id, claim.targetId, input)]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect((await recordOutcome(ctx, caller, campaign.id, claim.targetId, input)).duplicate).toBe(true);
    const calls = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('calls').select('id').where('org_id', '=', org.id).execute());
    expect(calls).toHaveLength(1);
  });

  it('refuses answers the script does not allow, naming the question', async () => {
    const { caller, campaign } = await setup(1);
    const claim = claimed(await claimNext(ctx, caller, campaign.id));
    const save = (answers: Record<string, string>) => recordOutcome(ctx, caller, campaign.id, claim.targetId, { callId: randomUUID(), outcome: 'talked', answers });
    await expect(save({ 'q-talk': 'maybe' })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ path: 'answers.q-talk', message: 'validation:call_answer_unknown_choice' }] });
    // "yes" to voting leads to the polling station, never to the proxy question.
    await expect(save({ 'q-talk': 'yes', 'q-vote': 'yes', 'q-proxy': 'need' })).rejects.toMatchObject({ fields: [{ path: 'answers.q-proxy', message: 'validation:call_answer_not_on_path' }] });
    await expect(save({ 'q-nope': 'x' })).rejects.toMatchObject({ fields: [{ path: 'answers.q-nope' }] });
    // Nothing was half-written: the person is still held and can be saved properly.
    expect((await save({ 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'unknown' })).targetStatus).toBe('done');
  });

  it("adds and removes the script's tags with the call, creating a tag used for the first time", async () => {
    ctx.setNow(NOON);
    const org = await makeOrg(ctx);
    const organizer = await makeActor(ctx, org, 'organizer');
    const people = await makePeople(ctx, org.id, 1);
    const personId = people[0]!;
    const document = structuredClone(callFixture);
    const talk = document.sections[0]!.questions[0]!;
    if (talk.kind !== 'choice') throw new Error('fixture changed');
    // "reached" is both added and removed: added wins, as when the removal ran first.
    talk.choices[0]!.actions = [
      { type: 'add_tags', tags: ['reached', 'Nouveau tag'] },
      { type: 'remove_tags', tags: ['À rappeler', 'REACHED'] },
    ];
    const tagsOf = () =>
      inOrg(ctx.database.db, { orgId: org.id }, async (tx) =>
        (
          await tx.selectFrom('person_tags as pt').innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id')).select('t.name').where('pt.person_id', '=', personId).execute()
        )
          .map((r) => r.name)
          .sort(),
      );
    await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      const tag = await tx.insertInto('tags').values({ org_id: org.id, name: 'À rappeler' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('person_tags').values({ org_id: org.id, tag_id: tag.id, person_id: personId }).execute();
    });
    expect(await tagsOf()).toEqual(['À rappeler']);
    const campaign = await makeActiveCampaign(ctx, organizer, people, { scriptVersionId: await makeScriptVersion(ctx, org.id, document) });
    const caller = await makeCaller(ctx, org, campaign.id);
    const claim = claimed(await claimNext(ctx, caller, campaign.id));
    await recordOutcome(ctx, caller, campaign.id, claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'knows' } });
    expect(await tagsOf()).toEqual(['Nouveau tag', 'reached']);
  });

  it("gives the call's tags the person's level: the one the call sets, or one another transaction set meanwhile", async () => {
    ctx.setNow(NOON);
    const org = await makeOrg(ctx);
    const organizer = await makeActor(ctx, org, 'organizer');
    const people = await makePeople(ctx, org.id, 2);
    const levelsOfTags = (personId: string) =>
      inOrg(ctx.database.db, { orgId: org.id }, async (tx) =>
        (
          await tx
            .selectFrom('person_tags as pt')
            .innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id'))
            .select(['t.name', 'pt.support_level'])
            .where('pt.person_id', '=', personId)
            .execute()
        ).sort((a, b) => a.name.localeCompare(b.name)),
      );
    // Both people already carry a tag, at no level (0); "reached" exists, so the call's statement tags them itself.
    await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      const tags = await tx.insertInto('tags').values([{ org_id: org.id, name: 'Ancien' }, { org_id: org.id, name: 'reached' }]).returning('id').execute();
      await tx.insertInto('person_tags').values(people.map((person_id) => ({ org_id: org.id, tag_id: tags[0]!.id, person_id }))).execute();
    });

    // A call that sets level 3: the old tag and the new ones all carry 3.
    const campaign = await makeActiveCampaign(ctx, organizer, people.slice(0, 1));
    const caller = await makeCaller(ctx, org, campaign.id);
    const first = claimed(await claimNext(ctx, caller, campaign.id));
    await recordOutcome(ctx, caller, campaign.id, first.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': 'soir' } });
    expect(await levelsOfTags(people[0]!)).toEqual([
      { name: 'Ancien', support_level: 3 },
      { name: 'Besoin de procuration', support_level: 3 },
      { name: 'reached', support_level: 3 },
    ]);

    // A call that sets no level, saved while an organizer's transaction changes the person's level
    // to 4: the save waits for it, and its tag carries 4, not the level the save's snapshot saw.
    const document = structuredClone(callFixture);
    const vote = document.sections[1]!.questions[0]!;
    if (vote.kind !== 'choice') throw new Error('fixture changed');
    for (const choice of vote.choices) choice.actions = [];
    const noLevel = await makeActiveCampaign(ctx, organizer, people.slice(1), { scriptVersionId: await makeScriptVersion(ctx, org.id, document) });
    await addToCampaigns(ctx, org.id, caller.user.id, noLevel.id);
    const second = claimed(await claimNext(ctx, caller, noLevel.id));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let changed!: () => void;
    const levelChanged = new Promise<void>((resolve) => (changed = resolve));
    const organizerTx = inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      await tx.updateTable('people').set({ support_level: 4 }).where('org_id', '=', org.id).where('id', '=', people[1]!).execute();
      changed();
      await held;
    });
    await levelChanged;
    const save = recordOutcome(ctx, caller, noLevel.id, second.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'knows' } });
    let waited = false;
    for (let i = 0; i < 500 && !waited; i++) {
      const waiting = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO calls%'`.execute(ctx.database.db);
      waited = Number(waiting.rows[0]?.n ?? 0) > 0;
      if (!waited) await new Promise((r) => setTimeout(r, 10));
    }
    expect(waited).toBe(true);
    release();
    await Promise.all([organizerTx, save]);
    expect(await levelsOfTags(people[1]!)).toEqual([
      { name: 'Ancien', support_level: 4 },
      { name: 'reached', support_level: 4 },
    ]);
  });

  it("applies the script's actions, the contact history and do-not-call in one go", async () => {
    const { org, caller, people, campaign, organizer } = await setup(1);
    const claim = claimed(await claimNext(ctx, caller, campaign.id));
    await recordOutcome(ctx, caller, campaign.id, claim.targetId, {
      callId: randomUUID(),
      outcome: 'talked',
      answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': 'samedi matin' },
      notes: 'Très sympathique',
    });
    const personId = people[0]!;
    const state = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => ({
      person: await tx.selectFrom('people').select(['support_level', 'do_not_call', 'last_contacted_at']).where('org_id', '=', org.id).where('id', '=', personId).executeTakeFirstOrThrow(),
      tags: (
        await tx.selectFrom('person_tags as pt').innerJoin('tags as t', (j) => j.onRef('t.org_id', '=', 'pt.org_id').onRef('t.id', '=', 'pt.tag_id')).select('t.name').where('pt.person_id', '=', personId).execute()
      ).map((r) => r.name),
      contacts: await tx.selectFrom('contacts').select(['status', 'notes', 'campaign_id']).where('org_id', '=', org.id).where('person_id', '=', personId).execute(),
    }));
    expect(state.person).toMatchObject({ support_level: 3, do_not_call: false });
    expect(state.tags.sort()).toEqual(['Besoin de procuration', 'reached']);
    expect(state.contacts).toEqual([{ status: 'meaningful_conversation', notes: 'Très sympathique', campaign_id: campaign.id }]);

    // Asked not to be called: flagged on the person, so no campaign offers them again.
    const other = await makeActiveCampaign(ctx, organizer, people);
    await addToCampaigns(ctx, org.id, caller.user.id, other.id);
    const again = claimed(await claimNext(ctx, caller, other.id));
    await recordOutcome(ctx, caller, other.id, again.targetId, { callId: randomUUID(), outcome: 'do_not_call', answers: {} });
    const third = await makeActiveCampaign(ctx, organizer, people).catch((e: unknown) => e);
    expect(third).toMatchObject({ targetCount: 0 });
  });

  it('answers not found for a target another caller holds', async () => {
    const { org, caller, campaign } = await setup(1);
    const other = await makeCaller(ctx, org, campaign.id);
    const claim = claimed(await claimNext(ctx, caller, campaign.id));
    await expect(recordOutcome(ctx, other, campaign.id, claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: {} })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('moves the person along the campaign path: called once, called twice, then completed as supporter', async () => {
    ctx.setNow(NOON);
    const org = await makeOrg(ctx);
    const organizer = await makeActor(ctx, org, 'organizer');
    const path = await createPath(ctx, organizer, { name: 'Appels', template: 'default' });
    const people = await makePeople(ctx, org.id, 1);
    const campaign = await makeActiveCampaign(ctx, organizer, people, { pathId: path.id, retryDelayMinutes: 1, maxAttempts: 5 });
    const caller = await makeCaller(ctx, org, campaign.id);
    const where = () =>
      inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
        tx
          .selectFrom('path_people as pp')
          .leftJoin('path_steps as s', (j) => j.onRef('s.org_id', '=', 'pp.org_id').onRef('s.id', '=', 'pp.step_id'))
          .leftJoin('path_reasons as r', (j) => j.onRef('r.org_id', '=', 'pp.org_id').onRef('r.id', '=', 'pp.reason_id'))
          .select(['pp.status', 's.key as step', 'r.key as reason'])
          .where('pp.person_id', '=', people[0]!)
          .executeTakeFirst(),
      );
    const call = async (outcome: 'no_answer' | 'talked', answers: Record<string, string> = {}) => {
      const claim = claimed(await claimNext(ctx, caller, campaign.id));
      await recordOutcome(ctx, caller, campaign.id, claim.targetId, { callId: randomUUID(), outcome, answers });
      ctx.setNow(new Date(ctx.clock().getTime() + 2 * 60_000));
    };
    await call('no_answer');
    expect(await where()).toEqual({ status: 'active', step: 'no_answer_1', reason: null });
    await call('no_answer');
    expect(await where()).toEqual({ status: 'active', step: 'no_answer_2', reason: null });
    await call('talked', { 'q-talk': 'yes', 'q-vote': 'yes' });
    expect(await where()).toEqual({ status: 'completed', step: null, reason: 'supporter' });
    const events = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('path_events').select(['kind', 'call_id']).where('person_id', '=', people[0]!).orderBy('id').execute());
    expect(events.filter((e) => e.call_id !== null)).toHaveLength(3);
  });

  it('builds targets from a saved list or a people filter, leaving out do-not-call', async () => {
    ctx.setNow(NOON);
    const org = await makeOrg(ctx);
    const organizer = await makeActor(ctx, org, 'organizer');
    const people = await makePeople(ctx, org.id, 5);
    await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      await tx.updateTable('people').set({ support_level: 3 }).where('org_id', '=', org.id).where('id', 'in', people.slice(0, 3)).execute();
      await tx.updateTable('people').set({ do_not_call: true }).where('org_id', '=', org.id).where('id', '=', people[0]!).execute();
    });
    const listId = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      const list = await tx.insertInto('lists').values({ org_id: org.id, name: 'Week-end', kind: 'static', filter: null, updated_at: NOON }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('list_members').values(people.slice(3).map((id) => ({ org_id: org.id, list_id: list.id, person_id: id }))).execute();
      return list.id;
    });
    const fromList = await makeActiveCampaign(ctx, organizer, people, { source: { listId } });
    expect(fromList.targetCount).toBe(2);
    const fromFilter = await makeActiveCampaign(ctx, organizer, people, { source: { peopleFilter: { op: 'and', children: [{ type: 'supportLevel', levels: [3] }] } } });
    expect(fromFilter.targetCount).toBe(2);
    await expect(makeActiveCampaign(ctx, organizer, people, { source: { listId: '999999' } })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ path: 'source.listId' }] });
  });
});
