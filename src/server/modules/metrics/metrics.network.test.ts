import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { CALL_OUTCOMES, type CallOutcomeName } from '../../../shared/contracts/callbank.js';
import { ANSWERED_OUTCOMES, type NetworkRollup } from '../../../shared/contracts/metrics.js';
import { inOrg } from '../../platform/db/database.js';
import { makeActiveCampaign, makeActor, makePeople } from '../callbank/callbank.fixtures.js';

let ctx: TestContext;
let app: FastifyInstance;
let hq: { id: string; slug: string };
let locals: Record<'a' | 'b' | 'a1', { id: string; slug: string; campaignId: string; targets: { id: string; person_id: string }[] }>;
let stranger: { id: string; slug: string };
let hqOrganizer: Agent;
let hqCaller: Agent;
let aOrganizer: Agent;
let bOrganizer: Agent;
let strangerOrganizer: Agent;
let personal: string[];
let address = 10;
const agent = async (email: string) => login(app, email, undefined, `10.0.0.${address++}`);

async function makeLocal(name: string, parentId: string, timeZone: string) {
  const org = await makeOrg(ctx, { name, parentId });
  await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.updateTable('organizations').set({ time_zone: timeZone }).where('id', '=', org.id).execute());
  const actor = await makeActor(ctx, org, 'organizer');
  const people = await makePeople(ctx, org.id, 6);
  const campaign = await makeActiveCampaign(ctx, actor, people);
  const targets = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
    tx.selectFrom('call_targets').select(['id', 'person_id']).where('org_id', '=', org.id).where('campaign_id', '=', campaign.id).execute(),
  );
  return { ...org, campaignId: campaign.id, targets, people };
}

/** Volunteers and proxy rows, written directly. */
async function addVolunteersAndProxies(orgId: string, people: string[], volunteers: number, requests: number, established: number) {
  await inOrg(ctx.database.db, { orgId }, async (tx) => {
    for (const [i, id] of people.entries()) {
      await tx.updateTable('people').set({ is_volunteer: i < volunteers }).where('org_id', '=', orgId).where('id', '=', id).execute();
    }
    for (let i = 0; i < requests; i++) {
      const request = await tx
        .insertInto('proxy_requests')
        .values({ org_id: orgId, person_id: people[i]!, commune_code: '69123', rounds: sql`ARRAY['2027-04-11']::date[]`, origin: 'organizer' } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const offer = await tx
        .insertInto('proxy_offers')
        .values({ org_id: orgId, person_id: people[people.length - 1 - i]!, commune_code: '69123', rounds: sql`ARRAY['2027-04-11']::date[]`, origin: 'organizer' } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (i < established) {
        await tx
          .insertInto('proxy_matches')
          .values({ org_id: orgId, request_id: request.id, offer_id: offer.id, rounds: sql`ARRAY['2027-04-11']::date[]`, level: 'manual', status: 'established' } as never)
          .execute();
      }
    }
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-07-01T10:00:00Z') });
  app = await buildTestApp(ctx);
  hq = await makeOrg(ctx, { name: 'Siège national' });
  const a = await makeLocal('Fédération du Rhône', hq.id, 'Europe/Paris');
  const b = await makeLocal('Fédération de Guyane', hq.id, 'America/Cayenne');
  const a1 = await makeLocal('Section de Villeurbanne', a.id, 'Europe/Paris');
  locals = { a, b, a1 };
  stranger = await makeOrg(ctx);
  await addVolunteersAndProxies(a.id, a.people, 3, 2, 1);
  await addVolunteersAndProxies(b.id, b.people, 1, 1, 0);
  await addVolunteersAndProxies(a1.id, a1.people, 5, 0, 0);
  hqOrganizer = await agent((await makeMember(ctx, hq.id, 'organizer')).email);
  hqCaller = await agent((await makeMember(ctx, hq.id, 'caller')).email);
  aOrganizer = await agent((await makeMember(ctx, a.id, 'organizer')).email);
  bOrganizer = await agent((await makeMember(ctx, b.id, 'organizer')).email);
  strangerOrganizer = await agent((await makeMember(ctx, stranger.id, 'organizer')).email);
  personal = await inOrg(ctx.database.db, { orgId: a.id }, async (tx) =>
    (await tx.selectFrom('people').select(['first_name', 'last_name', 'email', 'mobile_e164']).where('org_id', '=', a.id).execute()).flatMap((p) =>
      [p.first_name, p.last_name, p.email, p.mobile_e164].filter((v): v is string => !!v),
    ),
  );
});

interface GenCall {
  local: 'a' | 'b' | 'a1';
  outcome: CallOutcomeName;
  /** Minutes within a week around the range. */
  minute: number;
  target: number;
}
const genCall: fc.Arbitrary<GenCall> = fc.record({
  local: fc.constantFrom('a' as const, 'b' as const, 'a1' as const),
  outcome: fc.constantFrom(...CALL_OUTCOMES),
  minute: fc.nat(7 * 24 * 60),
  target: fc.nat(5),
});
const WEEK = Date.parse('2026-06-01T00:00:00Z');

async function insertCalls(history: GenCall[]) {
  for (const key of ['a', 'b', 'a1'] as const) {
    const local = locals[key];
    const scriptVersionId = await inOrg(ctx.database.db, { orgId: local.id }, async (tx) =>
      (await tx.selectFrom('call_campaigns').select('script_version_id').where('org_id', '=', local.id).where('id', '=', local.campaignId).executeTakeFirstOrThrow())
        .script_version_id,
    );
    const rows = history
      .filter((c) => c.local === key)
      .map((c) => {
        const target = local.targets[c.target % local.targets.length]!;
        return {
          org_id: local.id,
          client_call_id: randomUUID(),
          campaign_id: local.campaignId,
          target_id: target.id,
          person_id: target.person_id,
          caller_id: null,
          script_version_id: scriptVersionId,
          outcome: c.outcome,
          answers: '{}',
          notes: null,
          started_at: null,
          ended_at: new Date(WEEK + c.minute * 60_000),
          callback_at: null,
        };
      });
    if (rows.length > 0) await inOrg(ctx.database.db, { orgId: local.id }, (tx) => tx.insertInto('calls').values(rows).execute());
  }
}

/** What an auditor counts in one local, straight from its rows, in its own time zone. */
async function direct(orgId: string, from: string | null, to: string | null) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const tz = (await tx.selectFrom('organizations').select('time_zone').where('id', '=', orgId).executeTakeFirstOrThrow()).time_zone;
    const range = sql`${from ? sql`AND (ended_at AT TIME ZONE ${tz})::date >= ${from}::date` : sql``} ${to ? sql`AND (ended_at AT TIME ZONE ${tz})::date <= ${to}::date` : sql``}`;
    const { rows } = await sql<{ calls: number; answered: number; conversations: number }>`
      SELECT count(*)::int AS calls, (count(*) FILTER (WHERE outcome = ANY (${[...ANSWERED_OUTCOMES]}::text[])))::int AS answered,
             (count(*) FILTER (WHERE outcome = 'talked'))::int AS conversations
        FROM calls WHERE org_id = ${orgId} ${range}`.execute(tx);
    const { rows: others } = await sql<{ volunteers: number; requests: number; offers: number; established: number }>`
      SELECT (SELECT count(*)::int FROM people WHERE org_id = ${orgId} AND is_volunteer) AS volunteers,
             (SELECT count(*)::int FROM proxy_requests WHERE org_id = ${orgId} AND status <> 'cancelled') AS requests,
             (SELECT count(*)::int FROM proxy_offers WHERE org_id = ${orgId} AND status = 'available') AS offers,
             (SELECT count(*)::int FROM proxy_matches WHERE org_id = ${orgId} AND status = 'established') AS established`.execute(tx);
    return { ...rows[0]!, ...others[0]! };
  });
}

describe('a head office roll-up', () => {
  it('equals direct counts over each local organization’s rows, for random call histories and date ranges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genCall, { maxLength: 30 }), fc.option(fc.tuple(fc.nat(6), fc.nat(3)), { nil: null }), async (history, pick) => {
        await insertCalls(history);
        const from = pick ? new Date(WEEK + pick[0] * 86_400_000).toISOString().slice(0, 10) : null;
        const to = pick ? new Date(WEEK + (pick[0] + pick[1]) * 86_400_000).toISOString().slice(0, 10) : null;
        const res = await hqOrganizer.request({ method: 'GET', url: `/api/metrics/network${from ? `?from=${from}&to=${to}` : ''}` });
        expect(res.statusCode).toBe(200);
        const rollup = res.json() as NetworkRollup;
        expect(rollup.locals.map((l) => [l.name, l.depth])).toEqual([
          ['Fédération de Guyane', 1],
          ['Fédération du Rhône', 1],
          ['Section de Villeurbanne', 2],
        ]);
        const total = { calls: 0, answered: 0, conversations: 0, volunteers: 0, proxyRequests: 0, proxyOffers: 0, proxiesEstablished: 0 };
        for (const l of rollup.locals) {
          const d = await direct(l.orgId, from, to);
          expect(l).toMatchObject({
            calls: d.calls,
            answered: d.answered,
            conversations: d.conversations,
            contactRate: d.calls === 0 ? 0 : d.answered / d.calls,
            volunteers: d.volunteers,
            proxyRequests: d.requests,
            proxyOffers: d.offers,
            proxiesEstablished: d.established,
          });
          for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += l[k];
        }
        expect(rollup.total).toMatchObject(total);
      }),
      { numRuns: 12 },
    );
  });

  it('never holds a name, phone or e-mail of the people of the locals, and exports the same numbers as CSV', async () => {
    const res = await hqOrganizer.request({ method: 'GET', url: '/api/metrics/network' });
    const body = res.body;
    for (const value of personal) expect(body).not.toContain(value);
    const rollup = res.json() as NetworkRollup;
    const csv = await hqOrganizer.request({ method: 'GET', url: '/api/metrics/network/export' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFForganization;slug;depth;calls;answered;conversations;contact_rate;volunteers;proxy_requests;proxy_offers;proxies_established');
    expect(lines[4]).toBe(`total;;;${rollup.total.calls};${rollup.total.answered};${rollup.total.conversations};${String(Number(rollup.total.contactRate.toFixed(4))).replace('.', ',')};${rollup.total.volunteers};${rollup.total.proxyRequests};${rollup.total.proxyOffers};${rollup.total.proxiesEstablished}`);
  });

  it('is for the head office’s members who see metrics: a local sees only what reports to it, never a sibling nor its head office', async () => {
    // A regional office sees its own section, and not the head office's other locals.
    const fromA = (await aOrganizer.request({ method: 'GET', url: '/api/metrics/network' })).json() as NetworkRollup;
    expect(fromA.locals.map((l) => l.orgId)).toEqual([locals.a1.id]);
    const fromB = (await bOrganizer.request({ method: 'GET', url: '/api/metrics/network' })).json() as NetworkRollup;
    expect(fromB.locals).toEqual([]);
    expect(fromB.total.calls).toBe(0);
    for (const other of [locals.a.id, locals.a1.id, hq.id]) {
      expect((await bOrganizer.request({ method: 'GET', url: `/api/metrics/network?localOrgId=${other}` })).statusCode).toBe(404);
      expect((await bOrganizer.request({ method: 'GET', url: `/api/metrics/network/export?localOrgId=${other}` })).statusCode).toBe(404);
    }
    expect((await aOrganizer.request({ method: 'GET', url: `/api/metrics/network?localOrgId=${locals.b.id}` })).statusCode).toBe(404);
    expect((await strangerOrganizer.request({ method: 'GET', url: `/api/metrics/network?localOrgId=${locals.a.id}` })).statusCode).toBe(404);
    // One local asked by its head office.
    const one = (await hqOrganizer.request({ method: 'GET', url: `/api/metrics/network?localOrgId=${locals.b.id}` })).json() as NetworkRollup;
    expect(one.locals.map((l) => l.orgId)).toEqual([locals.b.id]);
    // A head office member without metrics.view is refused.
    expect((await hqCaller.request({ method: 'GET', url: '/api/metrics/network' })).statusCode).toBe(403);
  });

  it('names the field of a bad date range in the user’s language', async () => {
    const res = await hqOrganizer.request({ method: 'GET', url: '/api/metrics/network?from=2026-06-10&to=2026-06-01', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('to');
  });
});
