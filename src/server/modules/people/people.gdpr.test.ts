import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import type { Person, PersonExport } from '../../../shared/contracts/people.js';
import { APP_ROLE, inOrg } from '../../platform/db/database.js';
import { isSuppressed, recordContact } from './index.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  // Stands for a later feature's table pointing at people (a list's members), with the foreign key
  // every such table must declare: the export must find its rows and the erasure must clear them.
  await owner(async (client) => {
    await client.query(`
      CREATE TABLE test_list_members (
        org_id uuid NOT NULL,
        list_name text NOT NULL,
        person_id bigint NOT NULL,
        PRIMARY KEY (org_id, list_name, person_id),
        FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
      );
      ALTER TABLE test_list_members ENABLE ROW LEVEL SECURITY;
      ALTER TABLE test_list_members FORCE ROW LEVEL SECURITY;
      CREATE POLICY test_list_members_tenant ON test_list_members
        USING (org_id = (SELECT relais_org_id())) WITH CHECK (org_id = (SELECT relais_org_id()));
      GRANT SELECT, INSERT, UPDATE, DELETE ON test_list_members TO ${APP_ROLE};`);
  });
});

async function owner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ctx.ownerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The tables in which any of these strings appears, in any column (the row read as text), as the superuser sees them. */
async function tablesContaining(needles: readonly string[]): Promise<string[]> {
  return owner(async (client) => {
    const { rows: tables } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const hits: string[] = [];
    for (const { tablename } of tables) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${client.escapeIdentifier(tablename)} x WHERE x::text ILIKE ANY ($1)`, [
        needles.map((n) => `%${n}%`),
      ]);
      if ((rows[0]?.n ?? 0) > 0) hits.push(tablename);
    }
    return hits;
  });
}

async function campaign() {
  const org = await makeOrg(ctx);
  const m = await makeMember(ctx, org.id, 'organizer');
  return { org, organizerId: m.userId, organizer: await login(app, m.email) };
}

/** Someone with identifiers found nowhere else in the database. */
function uniquePerson() {
  const tag = randomBytes(4).toString('hex');
  // 061 and 04 numbers are all allocated: every random one is valid.
  const mobile = `61${randomInt(1_000_000, 10_000_000)}`;
  return {
    firstName: `Zéphyrine${tag}`,
    lastName: `Quenouille${tag}`,
    email: `zq.${tag}@exemple.test`,
    mobile: `0${mobile.slice(0, 1)} ${mobile.slice(1, 3)} ${mobile.slice(3, 5)} ${mobile.slice(5, 7)} ${mobile.slice(7)}`,
    e164: `+33${mobile}`,
    landline: `04${randomInt(10_000_000, 100_000_000)}`,
  };
}

async function createWithHistory(organizer: Agent, orgId: string, who: ReturnType<typeof uniquePerson>) {
  const created = await organizer.request({
    method: 'POST',
    url: '/api/people',
    payload: {
      legalBasis: 'electoral_list',
      firstName: who.firstName,
      lastName: who.lastName,
      email: who.email,
      mobile: who.mobile,
      landline: who.landline,
      address: { line1: `12 impasse ${who.lastName}`, city: 'Lyon' },
      customFields: { note: `Ami de ${who.firstName}`, contact: who.email },
      tags: [`Famille ${who.lastName}`, 'Phoning'],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const person: Person = created.json();
  const recruit = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'Recrue', recruiterId: person.id } });
  expect(recruit.statusCode).toBe(201);
  for (const notes of [`${who.firstName} rappelle demain au ${who.mobile}`, `Écrire à ${who.email}`]) {
    const res = await organizer.request({ method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'phone_call', status: 'answered', notes } });
    expect(res.statusCode).toBe(201);
  }
  await inOrg(ctx.database.db, { orgId }, (tx) => tx.insertInto('test_list_members' as never).values({ org_id: orgId, list_name: 'Indécis', person_id: person.id } as never).execute());
  return person;
}

describe('GDPR export', () => {
  it('hands over the profile, history, tags, access log and other features rows when a person asks for their data', async () => {
    const { org, organizer, organizerId } = await campaign();
    const who = uniquePerson();
    const person = await createWithHistory(organizer, org.id, who);
    await organizer.request({ method: 'GET', url: `/api/people/${person.id}` });

    const res = await organizer.request({ method: 'GET', url: `/api/people/${person.id}/gdpr-export` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="person-${person.id}.json"`);
    const data: PersonExport = res.json();
    expect(data.organization.id).toBe(org.id);
    expect(data.person).toMatchObject({ id: person.id, firstName: who.firstName, lastName: who.lastName, emails: [who.email], legalBasis: 'electoral_list' });
    expect(data.person.phones.map((p) => p.e164)).toContain(who.e164);
    expect(data.person.tags.map((t) => t.name).sort()).toEqual([`Famille ${who.lastName}`, 'Phoning']);
    expect(data.person.customFields).toEqual({ note: `Ami de ${who.firstName}`, contact: who.email });
    expect(data.contacts.map((c) => c.notes)).toEqual([`Écrire à ${who.email}`, `${who.firstName} rappelle demain au ${who.mobile}`]);
    expect(data.recruitedCount).toBe(1);
    expect(data.otherRecords).toEqual({ test_list_members: [{ org_id: org.id, list_name: 'Indécis', person_id: Number(person.id) }] });
    expect(data.accessLog.map((a) => a.action)).toEqual(['person.read', 'person.exported']);
    expect(data.accessLog.every((a) => a.by !== null)).toBe(true);

    const audit = await owner((c) =>
      c.query('SELECT action, user_id, subject_type, subject_id FROM audit_log WHERE org_id = $1 AND action = $2', [org.id, 'person.exported']),
    );
    expect(audit.rows).toEqual([{ action: 'person.exported', user_id: organizerId, subject_type: 'person', subject_id: person.id }]);
  });
});

describe('GDPR erasure', () => {
  it("leaves no trace of the person's name, e-mail or phone in any table and keeps anonymous counts when a person is erased", async () => {
    const { org, organizer, organizerId } = await campaign();
    const who = uniquePerson();
    const person = await createWithHistory(organizer, org.id, who);
    await organizer.request({ method: 'GET', url: `/api/people/${person.id}/gdpr-export` });
    const needles = [who.firstName, who.lastName, who.email, who.e164, who.e164.slice(3), who.mobile, who.landline, who.landline.slice(1)];
    // The scan must see the person before the erasure, or its silence afterwards proves nothing.
    expect(await tablesContaining(needles)).toEqual(expect.arrayContaining(['people', 'contacts', 'tags']));

    const res = await organizer.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ erased: true, suppressions: 0, anonymisedContacts: 2 });

    expect(await tablesContaining(needles)).toEqual([]);
    const counts = await owner(async (c) => ({
      contacts: (await c.query('SELECT person_id, notes FROM contacts WHERE org_id = $1', [org.id])).rows,
      suppressions: (await c.query('SELECT count(*)::int AS n FROM suppressions WHERE org_id = $1', [org.id])).rows[0].n,
      members: (await c.query('SELECT count(*)::int AS n FROM test_list_members WHERE org_id = $1', [org.id])).rows[0].n,
      personTags: (await c.query('SELECT count(*)::int AS n FROM person_tags WHERE org_id = $1', [org.id])).rows[0].n,
      recruit: (await c.query("SELECT recruiter_id FROM people WHERE org_id = $1 AND last_name = 'Recrue'", [org.id])).rows,
      audit: (await c.query("SELECT user_id, details FROM audit_log WHERE org_id = $1 AND action = 'person.erased' AND subject_id = $2", [org.id, person.id])).rows,
    }));
    expect(counts.contacts).toEqual([
      { person_id: null, notes: null },
      { person_id: null, notes: null },
    ]);
    expect(counts.suppressions).toBe(0);
    expect(counts.members).toBe(0);
    expect(counts.personTags).toBe(0);
    const tags = (await organizer.request({ method: 'GET', url: '/api/tags' })).json().tags;
    expect(tags).toEqual([expect.objectContaining({ name: 'Phoning', count: 0 })]);
    expect(counts.recruit).toEqual([{ recruiter_id: null }]);
    expect(counts.audit).toEqual([{ user_id: organizerId, details: { objected: false, erased: true, suppressions: 0, anonymisedContacts: 2 } }]);
    const after = await organizer.request({ method: 'GET', url: `/api/people/${person.id}` });
    expect(after.statusCode).toBe(404);
  });

  it('keeps only hashed suppression entries when the erased person had asked not to be contacted', async () => {
    const { org, organizer } = await campaign();
    const who = uniquePerson();
    const person = await createWithHistory(organizer, org.id, who);
    await organizer.request({ method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'phone_call', status: 'do_not_contact' } });

    const res = await organizer.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} });
    expect(res.json()).toEqual({ erased: true, suppressions: 3, anonymisedContacts: 3 });
    expect(await tablesContaining([who.firstName, who.lastName, who.email, who.e164, who.e164.slice(3), who.landline.slice(1)])).toEqual([]);
    const rows = await owner((c) => c.query<{ kind: string; value_hash: Buffer; reason: string }>('SELECT kind, value_hash, reason FROM suppressions WHERE org_id = $1 ORDER BY kind', [org.id]));
    expect(rows.rows.map((r) => [r.kind, r.reason, r.value_hash.length])).toEqual([
      ['email', 'objection', 32],
      ['phone', 'objection', 32],
      ['phone', 'objection', 32],
    ]);

    const check = (orgId: string, values: { phones?: string[]; emails?: string[] }) => inOrg(ctx.database.db, { orgId }, (tx) => isSuppressed(tx, orgId, values, ctx.secret));
    expect(await check(org.id, { phones: [who.e164] })).toBe(true);
    expect(await check(org.id, { phones: [who.mobile.replace(/ /g, '.')] })).toBe(true);
    expect(await check(org.id, { phones: [`+33 ${who.landline.slice(1)}`] })).toBe(true);
    expect(await check(org.id, { emails: [who.email.toUpperCase()] })).toBe(true);
    expect(await check(org.id, { phones: ['06 00 00 00 01', 'pas un numéro'], emails: ['autre@exemple.test'] })).toBe(false);
    const other = await makeOrg(ctx);
    expect(await check(other.id, { phones: [who.e164], emails: [who.email] })).toBe(false);
  });

  it('keeps suppression entries when the organizer says the person objected, even without a flag', async () => {
    const { org, organizer } = await campaign();
    const created = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'Objecteur', email: 'objecteur@exemple.test' } });
    const person: Person = created.json();
    const res = await organizer.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: { objected: true } });
    expect(res.json()).toMatchObject({ suppressions: 1 });
    expect(await inOrg(ctx.database.db, { orgId: org.id }, (tx) => isSuppressed(tx, org.id, { emails: ['Objecteur@Exemple.test'] }, ctx.secret))).toBe(true);
  });

  it('lets an administrator erase and refuses erasure to a viewer', async () => {
    const { org, organizer } = await campaign();
    const person: Person = (await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'Effacé' } })).json();
    const viewer = await login(app, (await makeMember(ctx, org.id, 'viewer')).email);
    expect((await viewer.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} })).statusCode).toBe(403);
    const admin = await login(app, (await makeMember(ctx, org.id, 'administrator')).email);
    expect((await admin.request({ method: 'POST', url: `/api/people/${person.id}/erase` })).statusCode).toBe(200);
    expect((await admin.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} })).statusCode).toBe(404);
  });
});

describe('recordContact (for phone banking)', () => {
  it("sets do not call from a call's outcome inside the caller's transaction, and does nothing for an erased person", async () => {
    const { org, organizer, organizerId } = await campaign();
    const person: Person = (await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'Appelé', mobile: '0611111111' } })).json();
    const madeAt = new Date('2026-02-01T09:00:00Z');
    const id = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      recordContact(tx, org.id, { personId: person.id, type: 'phone_call', status: 'do_not_contact', madeBy: organizerId, madeAt, campaignId: '7' }, new Date()),
    );
    expect(id).toMatch(/^\d+$/);
    const after: Person = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}` })).json();
    expect(after.doNotCall).toEqual({ active: true, at: madeAt.toISOString(), reason: 'do_not_contact' });
    const contacts = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}/contacts` })).json().contacts;
    expect(contacts).toMatchObject([{ campaignId: '7', status: 'do_not_contact' }]);
    await organizer.request({ method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} });
    const none = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      recordContact(tx, org.id, { personId: person.id, type: 'phone_call', status: 'answered', madeBy: organizerId, madeAt }, new Date()),
    );
    expect(none).toBeNull();
  });
});
