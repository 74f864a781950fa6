import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, login, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { DEMO_TAGS } from './demo.names.js';
import { createDemoOrganization, seedDemoPeople } from './demo.service.js';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2026-03-02T09:00:00Z') });
});

async function countsIn(orgId: string) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => ({
    people: Number((await tx.selectFrom('people').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
    tags: Number((await tx.selectFrom('tags').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
    links: Number((await tx.selectFrom('person_tags').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
  }));
}

describe('seedDemoPeople', () => {
  it('writes 2,000 people with their details and tags, visible to their organization only', async () => {
    const org = await makeOrg(ctx);
    const other = await makeOrg(ctx);
    const progress: number[] = [];
    const result = await seedDemoPeople(ctx, org.id, 2000, { seed: 3, onProgress: (done) => progress.push(done) });

    expect(result).toMatchObject({ people: 2000, tags: DEMO_TAGS.length });
    expect(result.taggings).toBeGreaterThan(1000);
    expect(progress.at(-1)).toBe(2000);
    expect(await countsIn(org.id)).toEqual({ people: 2000, tags: DEMO_TAGS.length, links: result.taggings });

    const rows = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('people').selectAll().execute());
    for (const row of rows) {
      expect(row.first_name).not.toBe('');
      expect(row.last_name).not.toBe('');
      expect(row.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.commune_code).toMatch(/^[0-9][0-9AB]\d{3}$/);
      expect(row.polling_station_code).toMatch(new RegExp(`^${row.commune_code}_\\d{4}$`));
      expect(row.postal_code).toMatch(/^\d{5}$/);
      expect(row.constituency_code).toMatch(/^[0-9AB]{2,3}-\d{2}$/);
      expect(row.mobile_valid).toBe(row.mobile_e164 !== null);
      expect(row.phone_valid).toBe(row.phone_e164 !== null);
      expect(row.do_not_call).toBe(row.do_not_call_at !== null);
      expect(row.created_at.getTime()).toBeLessThanOrEqual(ctx.clock().getTime());
    }
    expect(rows.filter((r) => r.mobile_e164 !== null).length).toBeGreaterThan(1600);
    expect(rows.filter((r) => r.support_level !== null).length).toBeGreaterThan(900);
    expect(rows.filter((r) => r.email_normalized !== null).length).toBeGreaterThan(1000);
    expect(new Set(rows.map((r) => r.legal_basis))).toEqual(new Set(['electoral_list', 'consent', 'member', 'regular_contact']));

    const tagged = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx
        .selectFrom('person_tags')
        .innerJoin('tags', (j) => j.onRef('tags.org_id', '=', 'person_tags.org_id').onRef('tags.id', '=', 'person_tags.tag_id'))
        .innerJoin('people', (j) => j.onRef('people.org_id', '=', 'person_tags.org_id').onRef('people.id', '=', 'person_tags.person_id'))
        .select(['tags.name', 'people.is_volunteer'])
        .execute(),
    );
    expect(new Set(tagged.map((t) => t.name))).toEqual(new Set(DEMO_TAGS));
    const volunteers = rows.filter((r) => r.is_volunteer).length;
    expect(tagged.filter((t) => t.name === 'bénévole' && t.is_volunteer).length).toBe(volunteers);

    expect(await countsIn(other.id)).toEqual({ people: 0, tags: 0, links: 0 });
  });

  it('adds to a campaign already seeded, reusing its tags', async () => {
    const org = await makeOrg(ctx);
    await seedDemoPeople(ctx, org.id, 300, { seed: 1 });
    const second = await seedDemoPeople(ctx, org.id, 200, { seed: 2 });
    expect(second.tags).toBe(DEMO_TAGS.length);
    expect(await countsIn(org.id)).toMatchObject({ people: 500, tags: DEMO_TAGS.length });
  });

  it('refuses a count that is not a whole number', async () => {
    const org = await makeOrg(ctx);
    await expect(seedDemoPeople(ctx, org.id, -1)).rejects.toThrow(/whole number/);
    await expect(seedDemoPeople(ctx, org.id, 1.5)).rejects.toThrow(/whole number/);
  });
});

describe('createDemoOrganization', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(ctx);
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates the demo campaign with an administrator who can sign in, one member per role, and people', async () => {
    const demo = await createDemoOrganization(ctx, { people: 120, seed: 5 });
    expect(demo.slug).toBe('demo');
    expect(demo.adminEmail).toBe('admin@demo.relais.example');
    expect(demo.adminPassword).toMatch(/^[a-z]+(-[a-z]+){3}-\d{2}$/);
    expect(demo.seeded.people).toBe(120);

    const signedIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: demo.adminEmail, password: demo.adminPassword } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().organization).toMatchObject({ id: demo.orgId, name: 'Relais pour Lyon 2026' });
    expect(signedIn.json().organization.capabilities).toContain('org.manage');

    const members = await inOrg(ctx.database.db, { orgId: demo.orgId }, (tx) =>
      tx
        .selectFrom('memberships')
        .innerJoin('permission_sets', (j) => j.onRef('permission_sets.org_id', '=', 'memberships.org_id').onRef('permission_sets.id', '=', 'memberships.permission_set_id'))
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.email', 'permission_sets.key'])
        .where('memberships.org_id', '=', demo.orgId)
        .execute(),
    );
    expect(members.map((m) => m.key).sort()).toEqual(['administrator', 'caller', 'caller', 'event_host', 'organizer', 'viewer']);
    expect(members.find((m) => m.key === 'administrator')?.email).toBe(demo.adminEmail);
    await login(app, demo.members[0]!.email, demo.adminPassword);
    expect((await countsIn(demo.orgId)).people).toBe(120);

    // Something to try on every screen: a caller finds the campaign and a person to call.
    const caller = demo.members.find((m) => m.set === 'caller')!;
    const callerAgent = await login(app, caller.email, demo.adminPassword);
    const mine = await callerAgent.request({ method: 'GET', url: '/api/my-call-campaigns' });
    expect(mine.statusCode).toBe(200);
    expect(JSON.stringify(mine.json())).toContain(demo.content.campaignId);
    const campaign = await inOrg(ctx.database.db, { orgId: demo.orgId }, (tx) =>
      tx.selectFrom('call_campaigns').select(['status', 'name']).where('id', '=', demo.content.campaignId).executeTakeFirstOrThrow(),
    );
    expect(campaign).toEqual({ status: 'active', name: 'Appel des indécis' });
    const targets = await inOrg(ctx.database.db, { orgId: demo.orgId }, (tx) =>
      tx.selectFrom('call_targets').select((eb) => eb.fn.countAll<string>().as('n')).where('campaign_id', '=', demo.content.campaignId).executeTakeFirstOrThrow(),
    );
    expect(Number(targets.n)).toBeGreaterThan(0);
    // The public pages have an upcoming event and open proxy rounds.
    const events = await app.inject({ method: 'GET', url: `/api/public/${demo.slug}/events` });
    expect(events.statusCode).toBe(200);
    expect(JSON.stringify(events.json())).toContain('Phoning du samedi matin');
    const rounds = await app.inject({ method: 'GET', url: `/api/public/${demo.slug}/proxies/rounds` });
    expect(rounds.statusCode).toBe(200);
    expect(JSON.stringify(rounds.json())).toContain('1er tour');
    expect(demo.content.rounds).toHaveLength(2);
  });

  it('takes the next free slug and its own accounts when demo is taken', async () => {
    const demo = await createDemoOrganization(ctx, { people: 10, adminPassword: 'un mot de passe de démo' });
    expect(demo.slug).toBe('demo-2');
    expect(demo.adminEmail).toBe('admin@demo-2.relais.example');
    expect(demo.adminPassword).toBe('un mot de passe de démo');
    await login(app, demo.adminEmail, demo.adminPassword);
  });
});
