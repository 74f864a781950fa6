import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { REMINDER_JOB, runReminderJob } from './proxies.reminders.js';

let ctx: TestContext;
let app: FastifyInstance;

const NOW = new Date('2027-03-01T10:00:00Z');
// Round on Sunday 11 April 2027, deadline Thursday 8 April (the default). In Paris (UTC+2 in April):
// the establish reminder is due Monday 5 April at 10:00 (08:00 UTC), the day-before one Saturday
// 10 April at 10:00.
const ESTABLISH_DUE = new Date('2027-04-05T08:00:00Z');
const DAY_BEFORE_DUE = new Date('2027-04-10T08:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext({ now: NOW });
  app = await buildTestApp(ctx);
});

async function ownerQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(ctx.ownerUrl);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const base = { lastName: 'Martin', communeCode: '69123', rounds: ['2027-04-11'], consent: true };
async function submit(slug: string, kind: 'requests' | 'offers', body: Record<string, unknown>, locale: 'fr' | 'en' = 'fr') {
  const res = await app.inject({ method: 'POST', url: `/api/public/${slug}/proxies/${kind}`, payload: { ...base, ...body }, headers: { 'accept-language': locale } });
  expect(res.statusCode).toBe(201);
}

const outbox = (orgId: string) =>
  ownerQuery<{ to_address: string; subject: string; text_body: string; kind: string }>('SELECT to_address, subject, text_body, kind FROM outbox WHERE org_id = $1 ORDER BY id', [orgId]);

/**
 * An organization with one round and three accepted matches, one per polling station:
 * A — Lucie (French, e-mail) gives to Nadia (English, e-mail);
 * B — Paul (phone only) gives to Zoé, who asked not to be e-mailed but offered through the form;
 * C — made by an organizer from tags: Jean gives to Marc, who asked not to be e-mailed.
 */
async function acceptedMatches() {
  ctx.setNow(NOW);
  const org = await makeOrg(ctx);
  const agent = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
  expect((await agent.request({ method: 'POST', url: '/api/proxies/rounds', payload: { label: '1er tour', labelEn: 'First round', date: '2027-04-11' } })).statusCode).toBe(201);
  await agent.request({
    method: 'PUT',
    url: '/api/proxies/polling-stations',
    payload: { stations: [{ code: '69123_0001', communeCode: '69123', name: 'École Jean Macé', address: '2 rue Jean Macé, 69007 Lyon' }] },
  });
  await submit(org.slug, 'requests', { firstName: 'Lucie', email: 'lucie@example.test', pollingStationCode: '69123_0001' });
  await submit(org.slug, 'offers', { firstName: 'Nadia', email: 'nadia@example.test', pollingStationCode: '69123_0001', voterNumber: '123456789' }, 'en');
  await submit(org.slug, 'requests', { firstName: 'Paul', phone: '06 11 22 33 44', pollingStationCode: '69123_0002' });
  await submit(org.slug, 'offers', { firstName: 'Zoé', email: 'zoe@example.test', pollingStationCode: '69123_0002' });
  await ownerQuery(`UPDATE people SET do_not_email = true WHERE org_id = $1 AND email = 'zoe@example.test'`, [org.id]);
  await ownerQuery(
    `WITH t AS (INSERT INTO tags (org_id, name) VALUES ($1, 'Besoin'), ($1, 'Offre') RETURNING id, name),
          p AS (INSERT INTO people (org_id, first_name, last_name, email, do_not_email, commune_code, polling_station_code, legal_basis, updated_at)
                VALUES ($1, 'Jean', 'Dupont', 'jean@example.test', false, '69123', '69123_0003', 'electoral_list', now()),
                       ($1, 'Marc', 'Durand', 'marc@example.test', true, '69123', '69123_0003', 'electoral_list', now())
                RETURNING id, first_name)
     INSERT INTO person_tags (org_id, tag_id, person_id)
     SELECT $1, t.id, p.id FROM t JOIN p ON (t.name = 'Besoin') = (p.first_name = 'Jean')`,
    [org.id],
  );
  expect((await agent.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'request', tagName: 'Besoin' } })).json()).toEqual({ created: 1, withoutCommune: 0 });
  expect((await agent.request({ method: 'POST', url: '/api/proxies/from-tag', payload: { kind: 'offer', tagName: 'Offre' } })).json()).toEqual({ created: 1, withoutCommune: 0 });
  expect((await agent.request({ method: 'POST', url: '/api/proxies/matching', payload: {} })).json().proposed).toBe(3);
  const matches = (await agent.request({ method: 'GET', url: '/api/proxies/matches?status=proposed' })).json().matches as { id: string; giver: { firstName: string } }[];
  for (const m of matches) expect((await agent.request({ method: 'POST', url: `/api/proxies/matches/${m.id}/accept`, payload: {} })).statusCode).toBe(200);
  const byGiver = Object.fromEntries(matches.map((m) => [m.giver.firstName, m.id]));
  return { org, agent, byGiver, accepted: (await outbox(org.id)).length };
}

describe('automatic proxy reminders', () => {
  it('reminds both sides of unestablished proxies before the deadline and of established ones the day before, once each, in their language', async () => {
    const { org, byGiver, accepted } = await acceptedMatches();

    ctx.setNow(new Date(ESTABLISH_DUE.getTime() - 120_000));
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted);

    ctx.setNow(ESTABLISH_DUE);
    await drainJobs(ctx);
    const establish = (await outbox(org.id)).slice(accepted);
    expect(establish.map((m) => [m.to_address, m.kind]).sort()).toEqual([
      ['jean@example.test', 'marketing'],
      ['lucie@example.test', 'transactional'],
      ['nadia@example.test', 'transactional'],
      // Zoé asked not to be e-mailed, but she offered this proxy herself: the reminder is hers.
      ['zoe@example.test', 'transactional'],
    ]);
    const lucie = establish.find((m) => m.to_address === 'lucie@example.test');
    expect(lucie?.subject).toBe('Rappel — établissez votre procuration avant le jeudi 8 avril 2027');
    expect(lucie?.text_body).toContain('votre procuration pour le 1er tour (dimanche 11 avril 2027) n’est pas encore établie');
    expect(lucie?.text_body).toContain('123456789');
    const nadia = establish.find((m) => m.to_address === 'nadia@example.test');
    expect(nadia?.subject).toBe("Reminder — Lucie's proxy is not established yet");
    expect(nadia?.text_body).toContain('The proxy Lucie is to give you for the First round (Sunday, 11 April 2027) is not established yet.');
    expect(nadia?.text_body).toContain('The campaign would like it done by Thursday, 8 April 2027');
    const recorded = await ownerQuery<{ giver: string; side: string; skipped: string | null; mailed: boolean }>(
      `SELECT g.first_name AS giver, pr.side, pr.skipped, pr.outbox_id IS NOT NULL AS mailed
         FROM proxy_reminders pr JOIN proxy_matches m ON m.org_id = pr.org_id AND m.id = pr.match_id
         JOIN proxy_requests r ON r.org_id = m.org_id AND r.id = m.request_id JOIN people g ON g.org_id = r.org_id AND g.id = r.person_id
        WHERE pr.org_id = $1 AND pr.kind = 'establish' ORDER BY 1, 2`,
      [org.id],
    );
    expect(recorded).toEqual([
      { giver: 'Jean', side: 'giver', skipped: null, mailed: true },
      { giver: 'Jean', side: 'holder', skipped: 'do_not_email', mailed: false },
      { giver: 'Lucie', side: 'giver', skipped: null, mailed: true },
      { giver: 'Lucie', side: 'holder', skipped: null, mailed: true },
      { giver: 'Paul', side: 'giver', skipped: 'no_email', mailed: false },
      { giver: 'Paul', side: 'holder', skipped: null, mailed: true },
    ]);

    // Those the e-mail could not reach are on a call list.
    const organizer = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    const toCall = (await organizer.request({ method: 'GET', url: '/api/proxies/call-list?status=not_emailed' })).json().personIds;
    const expected = await ownerQuery<{ id: string }>(`SELECT id FROM people WHERE org_id = $1 AND first_name IN ('Paul', 'Marc') ORDER BY id`, [org.id]);
    expect(toCall).toEqual(expected.map((p) => p.id));

    // The same job again (a retry, a second worker): nothing is sent twice.
    const [job] = await ownerQuery<{ payload: { roundId: string; kind: 'establish'; due: string } }>(`SELECT payload FROM jobs WHERE org_id = $1 AND kind = $2 AND payload->>'kind' = 'establish'`, [
      org.id,
      REMINDER_JOB,
    ]);
    expect(await runReminderJob(ctx, org.id, job!.payload)).toEqual({ queued: 0, noEmail: 0, doNotEmail: 0 });
    const progress = await ownerQuery<{ progress_done: number }>(`SELECT progress_done::int AS progress_done FROM jobs WHERE org_id = $1 AND kind = $2 AND payload->>'kind' = 'establish'`, [org.id, REMINDER_JOB]);
    expect(progress).toEqual([{ progress_done: 3 }]);
    expect(await outbox(org.id)).toHaveLength(accepted + 4);

    // Lucie and Paul establish their proxies; Jean does not.
    const agent = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    for (const giver of ['Lucie', 'Paul']) {
      const res = await agent.request({ method: 'POST', url: `/api/proxies/matches/${byGiver[giver]}/status`, payload: { status: 'established' } });
      expect(res.statusCode).toBe(200);
    }
    ctx.setNow(DAY_BEFORE_DUE);
    await drainJobs(ctx);
    const dayBefore = (await outbox(org.id)).slice(accepted + 4);
    expect(dayBefore.map((m) => m.to_address).sort()).toEqual(['lucie@example.test', 'nadia@example.test', 'zoe@example.test']);
    const holder = dayBefore.find((m) => m.to_address === 'nadia@example.test');
    expect(holder?.subject).toBe('Tomorrow you vote for Lucie');
    expect(holder?.text_body).toContain('Tomorrow, Sunday, 11 April 2027 (First round), you vote for Lucie.');
    expect(holder?.text_body).toContain("Where: at Lucie's polling station, not yours — École Jean Macé, 2 rue Jean Macé, 69007 Lyon, Lyon.");
    const giver = dayBefore.find((m) => m.to_address === 'lucie@example.test');
    expect(giver?.subject).toBe('Demain, Nadia vote pour vous');
    expect(giver?.text_body).toContain('Demain, dimanche 11 avril 2027 (1er tour), Nadia votera pour vous à votre bureau de vote : École Jean Macé');
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted + 4 + 3);
  });

  it('follows a round moved to a later date: the old schedule sends nothing, the new one sends on time', async () => {
    const { org, accepted } = await acceptedMatches();
    const agent = await login(app, (await makeMember(ctx, org.id, 'organizer')).email);
    const [round] = (await agent.request({ method: 'GET', url: '/api/proxies/rounds' })).json().rounds;
    const moved = await agent.request({ method: 'PUT', url: `/api/proxies/rounds/${round.id}`, payload: { label: '1er tour', date: '2027-04-18' } });
    expect(moved.json()).toMatchObject({ date: '2027-04-18', deadline: '2027-04-15' });

    ctx.setNow(ESTABLISH_DUE);
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted);
    const results = await ownerQuery<{ result: unknown }>(`SELECT result FROM jobs WHERE org_id = $1 AND kind = $2 AND status = 'succeeded'`, [org.id, REMINDER_JOB]);
    expect(results).toEqual([{ result: { skipped: 'rescheduled' } }]);

    ctx.setNow(new Date('2027-04-12T08:00:00Z'));
    await drainJobs(ctx);
    const sent = (await outbox(org.id)).slice(accepted);
    expect(sent).toHaveLength(4);
    expect(sent.find((m) => m.to_address === 'lucie@example.test')?.subject).toBe('Rappel — établissez votre procuration avant le jeudi 15 avril 2027');
  });

  it('follows the organization to another time zone: the reminder goes out at 10:00 there', async () => {
    const { org, accepted } = await acceptedMatches();
    // Guyane is UTC−3 all year: 10:00 on 5 April is 13:00 UTC.
    await ownerQuery(`UPDATE organizations SET time_zone = 'America/Cayenne' WHERE id = $1`, [org.id]);
    ctx.setNow(ESTABLISH_DUE);
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted);
    ctx.setNow(new Date('2027-04-05T12:58:00Z'));
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted);
    ctx.setNow(new Date('2027-04-05T13:00:00Z'));
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted + 4);
  });

  it('sends a large round in chunks, one transaction each, and the same reminders as in one go', async () => {
    const { org, accepted } = await acceptedMatches();
    ctx.setNow(ESTABLISH_DUE);
    const [job] = await ownerQuery<{ payload: { roundId: string; kind: 'establish'; due: string } }>(`SELECT payload FROM jobs WHERE org_id = $1 AND kind = $2 AND payload->>'kind' = 'establish'`, [
      org.id,
      REMINDER_JOB,
    ]);
    let chunks = 0;
    const result = await runReminderJob(ctx, org.id, job!.payload, {
      chunkSize: 1,
      inChunk: (work) => {
        chunks++;
        return inOrg(ctx.database.db, { orgId: org.id }, work);
      },
    });
    expect(result).toEqual({ queued: 4, noEmail: 1, doNotEmail: 1 });
    // Three matches one by one, then an empty look that says none is left.
    expect(chunks).toBe(4);
    expect(await outbox(org.id)).toHaveLength(accepted + 4);
  });

  it('sends nothing once it is too late to be of use', async () => {
    const { org, accepted } = await acceptedMatches();
    // The worker was down from before the reminder until polling day.
    ctx.setNow(new Date('2027-04-11T06:00:00Z'));
    await drainJobs(ctx);
    expect(await outbox(org.id)).toHaveLength(accepted);
    const results = await ownerQuery<{ result: unknown }>(`SELECT result FROM jobs WHERE org_id = $1 AND kind = $2 ORDER BY id`, [org.id, REMINDER_JOB]);
    expect(results).toEqual([{ result: { skipped: 'too late' } }, { result: { skipped: 'too late' } }]);
  });
});
