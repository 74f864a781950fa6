import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { scriptFixture } from '../../../shared/scripts/script.fixtures.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople, makeScriptVersion } from '../callbank/callbank.fixtures.js';
import { claimNext, recordOutcome } from '../callbank/index.js';
import { RECRUITMENT_PATH } from './events.recruitment.js';

// A script whose one question recruits: "yes" is the "interested in volunteering" action.
const recruitingScript = scriptFixture({
  startSectionId: 'intro',
  sections: [
    {
      id: 'intro',
      title: 'Bénévolat',
      questions: [
        {
          id: 'q-volunteer',
          label: 'Voulez-vous nous aider ?',
          kind: 'choice',
          choices: [
            { id: 'yes', label: 'Oui', actions: [{ type: 'volunteer_interest' }] },
            { id: 'no', label: 'Non' },
          ],
        },
      ],
      end: true,
    },
  ],
});

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  // 15:00 in Paris: inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
  app = await buildTestApp(ctx);
});

async function setup(people = 4) {
  const org = await makeOrg(ctx);
  const organizer = await makeActor(ctx, org, 'organizer');
  const scriptVersionId = await makeScriptVersion(ctx, org.id, recruitingScript);
  const campaign = await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, people), { scriptVersionId });
  const caller = await makeCaller(ctx, org, campaign.id);
  return { org, organizer, caller, campaignId: campaign.id };
}

/** The caller takes the next person and saves a conversation with this answer. */
async function call(caller: OrgActor, campaignId: string, answer: 'yes' | 'no') {
  const claim = await claimNext(ctx, caller, campaignId);
  if (claim.status !== 'claimed') throw new Error('nobody to call');
  const callId = randomUUID();
  await recordOutcome(ctx, caller, campaignId, claim.claim.targetId, { callId, outcome: 'talked', answers: { 'q-volunteer': answer } });
  const row = await inOrg(ctx.database.db, { orgId: caller.org.id }, (tx) =>
    tx.selectFrom('calls').select(['id', 'person_id']).where('org_id', '=', caller.org.id).where('client_call_id', '=', callId).executeTakeFirstOrThrow(),
  );
  return { callId: row.id, personId: row.person_id! };
}

function read(orgId: string, personId: string) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => ({
    person: await tx.selectFrom('people').select(['is_volunteer', 'recruiter_id']).where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirstOrThrow(),
    link: await tx.selectFrom('recruiter_links').select('token').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst(),
    settings: await tx.selectFrom('volunteer_settings').select('recruitment_path_id').where('org_id', '=', orgId).executeTakeFirst(),
    paths: await tx.selectFrom('paths').select(['id', 'name']).where('org_id', '=', orgId).orderBy('id').execute(),
    onPaths: await tx
      .selectFrom('path_people as pp')
      .innerJoin('path_steps as s', (j) => j.onRef('s.org_id', '=', 'pp.org_id').onRef('s.id', '=', 'pp.step_id'))
      .select(['pp.path_id', 'pp.status', 's.key', 's.position'])
      .where('pp.org_id', '=', orgId)
      .where('pp.person_id', '=', personId)
      .execute(),
    events: await tx.selectFrom('path_events').select(['path_id', 'kind', 'call_id']).where('org_id', '=', orgId).where('person_id', '=', personId).orderBy('id').execute(),
  }));
}

describe('people recruited during calls', () => {
  it('become volunteers on a default Recruitment path, at its first step, with the call that recruited them', async () => {
    const { org, caller, campaignId } = await setup();
    const { callId, personId } = await call(caller, campaignId, 'yes');
    const r = await read(org.id, personId);
    expect(r.person.is_volunteer).toBe(true);
    expect(r.link?.token).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(r.paths.map((p) => p.name)).toEqual(['Recrutement']);
    expect(r.settings?.recruitment_path_id).toBe(r.paths[0]!.id);
    expect(r.onPaths).toEqual([{ path_id: r.paths[0]!.id, status: 'active', key: 'to_welcome', position: 0 }]);
    expect(r.events).toEqual([{ path_id: r.paths[0]!.id, kind: 'added', call_id: callId }]);
    const steps = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('path_steps').select(['key', 'name']).where('org_id', '=', org.id).where('path_id', '=', r.paths[0]!.id).orderBy('position').execute(),
    );
    expect(steps).toEqual(RECRUITMENT_PATH.fr.steps.map((s) => ({ key: s.key, name: s.name })));

    // The next recruit joins the same path; someone who said no is left alone.
    const second = await call(caller, campaignId, 'yes');
    const declined = await call(caller, campaignId, 'no');
    expect((await read(org.id, second.personId)).onPaths.map((p) => p.path_id)).toEqual([r.paths[0]!.id]);
    const no = await read(org.id, declined.personId);
    expect(no.person.is_volunteer).toBe(false);
    expect(no.onPaths).toEqual([]);
    expect(no.link).toBeUndefined();
    expect((await read(org.id, personId)).paths).toHaveLength(1);
  });

  it('records the caller as recruiter when the caller is in the people database under their e-mail', async () => {
    const { org, caller, campaignId } = await setup();
    const callerPerson = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx
        .insertInto('people')
        .values({ org_id: org.id, first_name: 'Camille', last_name: 'Appelante', email: caller.user.email.toUpperCase(), legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const { personId } = await call(caller, campaignId, 'yes');
    expect((await read(org.id, personId)).person.recruiter_id).toBe(callerPerson.id);
  });

  it('makes one default path when callers recruit at the same moment', async () => {
    const { org, organizer, campaignId } = await setup(6);
    const callers = [organizer, ...(await Promise.all([1, 2, 3, 4, 5].map(() => makeCaller(ctx, org, campaignId))))];
    const claims = await Promise.all(callers.map(async (c) => ({ c, claim: await claimNext(ctx, c, campaignId) })));
    await Promise.all(
      claims.map(({ c, claim }) => {
        if (claim.status !== 'claimed') throw new Error('nobody to call');
        return recordOutcome(ctx, c, campaignId, claim.claim.targetId, { callId: randomUUID(), outcome: 'talked', answers: { 'q-volunteer': 'yes' } });
      }),
    );
    const paths = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('paths').select('id').where('org_id', '=', org.id).execute());
    expect(paths).toHaveLength(1);
    const enrolled = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('path_people').select('person_id').where('org_id', '=', org.id).where('path_id', '=', paths[0]!.id).execute(),
    );
    expect(enrolled).toHaveLength(6);
  });

  it('puts someone who had left the path back at its first step, and leaves someone on it where they are', async () => {
    const { org, caller, campaignId } = await setup(2);
    const first = await call(caller, campaignId, 'yes');
    const pathId = (await read(org.id, first.personId)).paths[0]!.id;
    const second = await call(caller, campaignId, 'yes');
    await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => {
      const reason = await tx.selectFrom('path_reasons').select('id').where('org_id', '=', org.id).where('path_id', '=', pathId).where('key', '=', 'not_available').executeTakeFirstOrThrow();
      const welcomed = await tx.selectFrom('path_steps').select('id').where('org_id', '=', org.id).where('path_id', '=', pathId).where('key', '=', 'welcomed').executeTakeFirstOrThrow();
      await tx.updateTable('path_people').set({ status: 'abandoned', step_id: null, reason_id: reason.id, finished_at: new Date() }).where('org_id', '=', org.id).where('person_id', '=', first.personId).execute();
      await tx.updateTable('path_people').set({ step_id: welcomed.id }).where('org_id', '=', org.id).where('person_id', '=', second.personId).execute();
      // Both are due again: the campaign calls them a second time.
      await tx.updateTable('call_targets').set({ status: 'queued', next_attempt_at: new Date('2026-07-01T12:00:00Z') }).where('org_id', '=', org.id).where('campaign_id', '=', campaignId).execute();
    });
    await call(caller, campaignId, 'yes');
    await call(caller, campaignId, 'yes');
    expect((await read(org.id, first.personId)).onPaths).toEqual([{ path_id: pathId, status: 'active', key: 'to_welcome', position: 0 }]);
    expect((await read(org.id, second.personId)).onPaths).toEqual([{ path_id: pathId, status: 'active', key: 'welcomed', position: 1 }]);
    // The history says they came back, and why they had left; nothing for the one who stayed.
    const history = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx
        .selectFrom('path_events as e')
        .leftJoin('path_reasons as r', (j) => j.onRef('r.org_id', '=', 'e.org_id').onRef('r.id', '=', 'e.reason_id'))
        .select(['e.person_id', 'e.kind', 'r.key'])
        .where('e.org_id', '=', org.id)
        .orderBy('e.id')
        .execute(),
    );
    expect(history.filter((e) => e.person_id === first.personId).map((e) => [e.kind, e.key])).toEqual([
      ['added', null],
      ['reopened', 'not_available'],
    ]);
    expect(history.filter((e) => e.person_id === second.personId).map((e) => e.kind)).toEqual(['added']);
  });
});

describe('choosing the recruitment path in settings', () => {
  let organizer: Agent;
  let host: Agent;
  let setupData: Awaited<ReturnType<typeof setup>>;

  beforeAll(async () => {
    setupData = await setup();
    organizer = await login(app, (await makeMember(ctx, setupData.org.id, 'organizer')).email, undefined, '10.1.0.1');
    host = await login(app, (await makeMember(ctx, setupData.org.id, 'event_host')).email, undefined, '10.1.0.2');
  });

  it('sends the next recruits to the chosen path, refuses an unknown one naming the field, and is for organizers only', async () => {
    expect((await organizer.request({ method: 'GET', url: '/api/recruitment-path' })).json()).toEqual({ pathId: null, pathName: null });
    const created = await organizer.request({ method: 'POST', url: '/api/paths', payload: { name: 'Équipe terrain', steps: [{ name: 'Premier contact' }, { name: 'Formé' }] } });
    expect(created.statusCode).toBe(201);
    const pathId = created.json().id as string;

    const chosen = await organizer.request({ method: 'PUT', url: '/api/recruitment-path', payload: { pathId } });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toEqual({ pathId, pathName: 'Équipe terrain' });
    const { personId } = await call(setupData.caller, setupData.campaignId, 'yes');
    const r = await read(setupData.org.id, personId);
    expect(r.onPaths).toEqual([{ path_id: pathId, status: 'active', key: null, position: 0 }]);
    expect(r.paths.map((p) => p.name)).toEqual(['Équipe terrain']);

    const elsewhere = await makeOrg(ctx);
    const foreignPath = await inOrg(ctx.database.db, { orgId: elsewhere.id }, (tx) =>
      tx.insertInto('paths').values({ org_id: elsewhere.id, name: 'Ailleurs', updated_at: new Date() }).returning('id').executeTakeFirstOrThrow(),
    );
    for (const bad of [foreignPath.id, '99999999']) {
      const res = await organizer.request({ method: 'PUT', url: '/api/recruitment-path', payload: { pathId: bad }, headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ path: 'pathId', message: 'Path not found.' }]);
    }
    expect((await organizer.request({ method: 'GET', url: '/api/recruitment-path' })).json().pathId).toBe(pathId);
    expect((await host.request({ method: 'PUT', url: '/api/recruitment-path', payload: { pathId: null } })).statusCode).toBe(403);

    // Back to the default: the next recruit has one made.
    expect((await organizer.request({ method: 'PUT', url: '/api/recruitment-path', payload: { pathId: null } })).json()).toEqual({ pathId: null, pathName: null });
    const next = await call(setupData.caller, setupData.campaignId, 'yes');
    expect((await read(setupData.org.id, next.personId)).paths.map((p) => p.name)).toEqual(['Équipe terrain', 'Recrutement']);
  });
});
