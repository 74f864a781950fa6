import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import type { BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import type { Contact, Person } from '../../../shared/contracts/people.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
});

async function member(orgId: string, set: BuiltinPermissionSet = 'organizer'): Promise<Agent> {
  const m = await makeMember(ctx, orgId, set);
  return login(app, m.email);
}

/** A fresh organization and one of its organizers. */
async function campaign() {
  const org = await makeOrg(ctx);
  return { org, organizer: await member(org.id) };
}

async function create(agent: Agent, body: Record<string, unknown>): Promise<Person> {
  const res = await agent.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('creating, reading, changing and deleting a person', () => {
  it('round-trips every field when an organizer creates, reads, patches and deletes a person', async () => {
    const { organizer } = await campaign();
    const recruiter = await create(organizer, { firstName: 'Rémi', lastName: 'Recruteur' });
    const created = await create(organizer, {
      firstName: '  Léa ',
      lastName: 'Martin',
      email: 'Lea.Martin@Example.TEST',
      mobile: '06 12 34 56 78',
      landline: '01.42.68.53.00',
      birthDate: '1985-04-12',
      address: { line1: '3 rue de la Paix', postalCode: '75002', city: 'Paris' },
      communeCode: '75056',
      pollingStationCode: '0412',
      constituencyCode: '75-01',
      supportLevel: 'indécis',
      tags: ['Bénévole', 'quartier nord', 'bénévole'],
      customFields: { tshirt: 'M', enfants: 2 },
      recruiterId: recruiter.id,
      doNotEmail: true,
      doNotEmailReason: 'préfère le téléphone',
      dataSource: 'porte-à-porte',
      isVolunteer: true,
      externalId: 'NB-42',
    });
    expect(created).toMatchObject({
      firstName: 'Léa',
      lastName: 'Martin',
      emails: ['lea.martin@example.test'],
      birthDate: '1985-04-12',
      address: { line1: '3 rue de la Paix', line2: null, postalCode: '75002', city: 'Paris' },
      communeCode: '75056',
      pollingStationCode: '0412',
      constituencyCode: '75-01',
      supportLevel: 3,
      customFields: { tshirt: 'M', enfants: 2 },
      recruiter: { id: recruiter.id, name: 'Rémi Recruteur' },
      doNotCall: { active: false, at: null, reason: null },
      doNotEmail: { active: true, reason: 'préfère le téléphone' },
      dataSource: 'porte-à-porte',
      legalBasis: 'consent',
      isVolunteer: true,
      externalId: 'NB-42',
      lastContactedAt: null,
    });
    expect(created.doNotEmail.at).not.toBeNull();
    expect(created.tags.map((t) => t.name)).toEqual(['Bénévole', 'quartier nord']);

    const read = await organizer.request({ method: 'GET', url: `/api/people/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);

    const patched = await organizer.request({
      method: 'PATCH',
      url: `/api/people/${created.id}`,
      payload: { lastName: 'Martin-Durand', supportLevel: 2, landline: null, customFields: { tshirt: null, allergie: 'arachide' }, doNotEmail: false },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      firstName: 'Léa',
      lastName: 'Martin-Durand',
      supportLevel: 2,
      customFields: { enfants: 2, allergie: 'arachide' },
      doNotEmail: { active: false, at: null, reason: null },
      emails: ['lea.martin@example.test'],
    });
    expect(patched.json().phones).toHaveLength(1);
    expect(patched.json().customFields).not.toHaveProperty('tshirt');

    const deleted = await organizer.request({ method: 'DELETE', url: `/api/people/${created.id}` });
    expect(deleted.statusCode).toBe(200);
    const gone = await organizer.request({ method: 'GET', url: `/api/people/${created.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('stores phones in E.164 beside the raw value and shows them in national format when typed any usual way', async () => {
    const { org, organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Numéro', mobile: '+33 (0)6 12 34 56 78', landline: '0033 1 42 68 53 00' });
    expect(person.phones).toEqual([
      { kind: 'mobile', e164: '+33612345678', national: '06 12 34 56 78', raw: '+33 (0)6 12 34 56 78', valid: true },
      { kind: 'landline', e164: '+33142685300', national: '01 42 68 53 00', raw: '0033 1 42 68 53 00', valid: true },
    ]);
    const reunion = await create(organizer, { lastName: 'Payet', mobile: '0692 12 34 56' });
    expect(reunion.phones[0]).toMatchObject({ e164: '+262692123456', valid: true });
    const rows = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('people').select(['mobile_e164', 'mobile_raw', 'mobile_valid']).where('id', '=', person.id).execute(),
    );
    expect(rows).toEqual([{ mobile_e164: '+33612345678', mobile_raw: '+33 (0)6 12 34 56 78', mobile_valid: true }]);
  });

  it('refuses a phone no caller could dial, naming the field in French and then in English', async () => {
    const { organizer } = await campaign();
    const fr = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'X', mobile: '6 12 34 56 78', communeCode: '7505' } });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.fields).toEqual(
      expect.arrayContaining([
        { path: 'mobile', message: "Numéro de téléphone invalide : vérifiez qu'il commence par 0 ou par +indicatif." },
        { path: 'communeCode', message: 'Code commune INSEE invalide (5 caractères, par exemple 75056 ou 2A004).' },
      ]),
    );
    await organizer.request({ method: 'PUT', url: '/api/session/locale', payload: { locale: 'en' } });
    const en = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', lastName: 'X', supportLevel: 7 } });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.fields).toEqual([{ path: 'supportLevel', message: 'Invalid support level: from 1 (strong support) to 5 (strong opposition).' }]);
  });

  it('refuses a person with neither name, e-mail nor phone, or without a legal basis', async () => {
    const { organizer } = await campaign();
    const res = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'consent', firstName: '   ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'lastName', message: 'Indiquez au moins un nom, un e-mail ou un téléphone.' }]);
    const noBasis = await organizer.request({ method: 'POST', url: '/api/people', payload: { lastName: 'Sans base' } });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['legalBasis']);
  });

  it('answers 400 on the field when the recruiter is unknown and 409 when the external id is taken', async () => {
    const { organizer } = await campaign();
    await create(organizer, { lastName: 'Premier', externalId: 'X-1' });
    const taken = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'member', lastName: 'Second', externalId: 'X-1' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toEqual([{ path: 'externalId', message: 'Déjà utilisé.' }]);
    const unknown = await organizer.request({ method: 'POST', url: '/api/people', payload: { legalBasis: 'member', lastName: 'Second', recruiterId: '999999' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ path: 'recruiterId', message: 'Personne introuvable dans cette organisation.' }]);
  });

  it("answers 404 for another organization's person on every route, and leaves it untouched", async () => {
    const a = await campaign();
    const b = await campaign();
    const theirs = await create(b.organizer, { firstName: 'Autre', lastName: 'Campagne', mobile: '0611223344' });
    const admin = await member(a.org.id, 'administrator');
    const attempts = [
      { method: 'GET', url: `/api/people/${theirs.id}` },
      { method: 'PATCH', url: `/api/people/${theirs.id}`, payload: { lastName: 'Piraté' } },
      { method: 'DELETE', url: `/api/people/${theirs.id}` },
      { method: 'GET', url: `/api/people/${theirs.id}/tags` },
      { method: 'POST', url: `/api/people/${theirs.id}/tags`, payload: { names: ['intrus'] } },
      { method: 'DELETE', url: `/api/people/${theirs.id}/tags/1` },
      { method: 'GET', url: `/api/people/${theirs.id}/contacts` },
      { method: 'POST', url: `/api/people/${theirs.id}/contacts`, payload: { type: 'phone_call', status: 'do_not_contact' } },
      { method: 'GET', url: `/api/people/${theirs.id}/gdpr-export` },
      { method: 'POST', url: `/api/people/${theirs.id}/erase`, payload: {} },
    ] as const;
    for (const attempt of attempts) {
      const res = await admin.request(attempt);
      expect(res.statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const still = await b.organizer.request({ method: 'GET', url: `/api/people/${theirs.id}` });
    expect(still.json()).toMatchObject({ lastName: 'Campagne', tags: [], doNotCall: { active: false }, lastContactedAt: null });
  });
});

describe('additional e-mails and phones', () => {
  it('keeps any number of e-mails and phones, shows them after the primary ones, replaces them on update and finds the person by them', async () => {
    const { organizer } = await campaign();
    const created = await create(organizer, {
      lastName: 'Plurielle',
      email: 'camille@exemple.test',
      mobile: '06 12 34 56 78',
      extraEmails: ['Camille.Pro@Bureau.TEST', 'camille@EXEMPLE.test', 'camille.pro@bureau.test', 'asso@exemple.test'],
      extraPhones: ['01 42 68 53 00', '+33 6 12 34 56 78', '07.98.76.54.32'],
    });
    // A copy of the primary or of another one, in another case or format, is dropped.
    expect(created.extraEmails).toEqual(['Camille.Pro@Bureau.TEST', 'asso@exemple.test']);
    expect(created.emails).toEqual(['camille@exemple.test', 'Camille.Pro@Bureau.TEST', 'asso@exemple.test']);
    expect(created.extraPhones).toEqual([
      { kind: 'landline', e164: '+33142685300', national: '01 42 68 53 00', raw: '01 42 68 53 00', valid: true },
      { kind: 'mobile', e164: '+33798765432', national: '07 98 76 54 32', raw: '07.98.76.54.32', valid: true },
    ]);
    expect(created.phones.map((p) => p.e164)).toEqual(['+33612345678', '+33142685300', '+33798765432']);

    const found = async (text: string) =>
      (await organizer.request({ method: 'POST', url: '/api/people/search', payload: { filter: { op: 'and', children: [{ type: 'search', text }] } } })).json().rows.map((r: { id: string }) => r.id);
    expect(await found('camille.pro@bureau')).toEqual([created.id]);
    expect(await found('07 98 76 54 32')).toEqual([created.id]);
    expect(await found('5432')).toEqual([created.id]);
    expect(await found('01 42 68')).toEqual([created.id]);

    const updated = await organizer.request({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { extraPhones: ['04 78 00 00 00'], lastName: 'Plurielle' } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().extraPhones.map((p: { e164: string }) => p.e164)).toEqual(['+33478000000']);
    expect(updated.json().extraEmails).toEqual(['Camille.Pro@Bureau.TEST', 'asso@exemple.test']);
    expect(await found('07 98 76 54 32')).toEqual([]);
    const cleared = await organizer.request({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { extraEmails: [] } });
    expect(cleared.json().emails).toEqual(['camille@exemple.test']);
  });

  it('moves an additional e-mail or mobile into an empty primary slot, so filters and callers see it', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Promue', extraEmails: ['Promue@Exemple.test', 'autre@exemple.test'], extraPhones: ['04 78 12 34 56', '06 98 76 54 32'] });
    expect(person.emails).toEqual(['promue@exemple.test', 'autre@exemple.test']);
    expect(person.extraEmails).toEqual(['autre@exemple.test']);
    expect(person.phones.map((p) => [p.kind, p.e164])).toEqual([
      ['mobile', '+33698765432'],
      ['landline', '+33478123456'],
    ]);
    expect(person.extraPhones).toEqual([expect.objectContaining({ e164: '+33478123456' })]);
    const count = async (criterion: Record<string, unknown>) =>
      (await organizer.request({ method: 'POST', url: '/api/people/count', payload: { filter: { op: 'and', children: [criterion, { type: 'search', text: 'promue' }] } } })).json().count;
    expect(await count({ type: 'hasMobile', value: true })).toBe(1);
    expect(await count({ type: 'hasEmail', value: true })).toBe(1);
    // Clearing the primary e-mail promotes the next one.
    const cleared = await organizer.request({ method: 'PATCH', url: `/api/people/${person.id}`, payload: { email: null } });
    expect(cleared.json().emails).toEqual(['autre@exemple.test']);
  });

  it('names the faulty additional phone or e-mail and changes nothing', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Erronée', extraPhones: ['06 11 22 33 44'] });
    const res = await organizer.request({ method: 'PATCH', url: `/api/people/${person.id}`, payload: { extraPhones: ['06 11 22 33 44', '12'], extraEmails: ['pas-un-mail'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual(
      expect.arrayContaining([
        { path: 'extraPhones.1', message: expect.stringMatching(/numéro/i) },
        { path: 'extraEmails.0', message: expect.any(String) },
      ]),
    );
    const after: Person = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}` })).json();
    expect(after.phones.map((p) => p.raw)).toEqual(['06 11 22 33 44']);
  });
});

describe('permissions', () => {
  it('lets organizers and administrators manage people, and refuses profiles to viewers, callers and event hosts', async () => {
    const { org, organizer } = await campaign();
    const person = await create(organizer, { firstName: 'Jeanne', lastName: 'Profil' });
    const admin = await member(org.id, 'administrator');
    const adminRead = await admin.request({ method: 'GET', url: `/api/people/${person.id}` });
    expect(adminRead.statusCode).toBe(200);
    const adminTag = await admin.request({ method: 'POST', url: `/api/people/${person.id}/tags`, payload: { names: ['admin'] } });
    expect(adminTag.statusCode).toBe(200);

    for (const set of ['viewer', 'caller', 'event_host'] as const) {
      const agent = await member(org.id, set);
      for (const request of [
        { method: 'GET', url: `/api/people/${person.id}` },
        { method: 'GET', url: `/api/people/${person.id}/contacts` },
        { method: 'GET', url: `/api/people/${person.id}/tags` },
        { method: 'GET', url: `/api/people/${person.id}/gdpr-export` },
        { method: 'GET', url: '/api/tags' },
        { method: 'PATCH', url: `/api/people/${person.id}`, payload: { lastName: 'Changé' } },
        { method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'phone_call', status: 'answered' } },
        { method: 'POST', url: `/api/people/${person.id}/erase`, payload: {} },
      ] as const) {
        const res = await agent.request(request);
        expect(res.statusCode, `${set} ${request.method} ${request.url}`).toBe(403);
        expect(res.body).not.toContain('Jeanne');
      }
    }
    const after = await organizer.request({ method: 'GET', url: `/api/people/${person.id}` });
    expect(after.json().lastName).toBe('Profil');
  });

  it('shows a viewer counts of people without any profile', async () => {
    const { org, organizer } = await campaign();
    await create(organizer, { lastName: 'Un', supportLevel: 1, isVolunteer: true });
    await create(organizer, { lastName: 'Deux', supportLevel: 1, doNotCall: true });
    await create(organizer, { lastName: 'Trois' });
    const viewer = await member(org.id, 'viewer');
    const res = await viewer.request({ method: 'GET', url: '/api/people/summary' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ total: 3, bySupportLevel: { '1': 2, '2': 0, '3': 0, '4': 0, '5': 0, unknown: 1 }, volunteers: 1, doNotCall: 1 });
    const caller = await member(org.id, 'caller');
    expect((await caller.request({ method: 'GET', url: '/api/people/summary' })).statusCode).toBe(403);
  });
});

describe('tags', () => {
  it('adds tags by name without duplicates, removes one, and counts people per tag', async () => {
    const { organizer } = await campaign();
    const a = await create(organizer, { lastName: 'A', tags: ['Tractage'] });
    const b = await create(organizer, { lastName: 'B' });
    const added = await organizer.request({ method: 'POST', url: `/api/people/${b.id}/tags`, payload: { names: ['tractage', 'Phoning', 'Phoning'] } });
    expect(added.statusCode).toBe(200);
    expect(added.json().tags.map((t: { name: string }) => t.name)).toEqual(['Phoning', 'Tractage']);
    const all = await organizer.request({ method: 'GET', url: '/api/tags' });
    expect(all.json().tags.map((t: { name: string; count: number }) => [t.name, t.count])).toEqual([
      ['Phoning', 1],
      ['Tractage', 2],
    ]);
    const prefixed = await organizer.request({ method: 'GET', url: '/api/tags?q=tra' });
    expect(prefixed.json().tags.map((t: { name: string }) => t.name)).toEqual(['Tractage']);
    const tractage = a.tags[0]!;
    const removed = await organizer.request({ method: 'DELETE', url: `/api/people/${a.id}/tags/${tractage.id}` });
    expect(removed.json().tags).toEqual([]);
    const listed = await organizer.request({ method: 'GET', url: `/api/people/${b.id}/tags` });
    expect(listed.json().tags).toHaveLength(2);
  });
});

describe('contact history', () => {
  it('sets do not call, e-mail and text, dated and explained, when a contact ends with do_not_contact', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Refus', mobile: '0612345670' });
    const madeAt = '2026-03-02T17:30:00.000Z';
    const res = await organizer.request({
      method: 'POST',
      url: `/api/people/${person.id}/contacts`,
      payload: { type: 'phone_call', status: 'do_not_contact', notes: 'Ne plus appeler.', madeAt },
    });
    expect(res.statusCode, res.body).toBe(201);
    const contact: Contact = res.json();
    expect(contact).toMatchObject({ personId: person.id, type: 'phone_call', status: 'do_not_contact', notes: 'Ne plus appeler.', madeAt });
    expect(contact.madeBy?.name).toMatch(/organizer/);
    const after: Person = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}` })).json();
    expect(after.doNotCall).toEqual({ active: true, at: madeAt, reason: 'do_not_contact' });
    expect(after.doNotText.active).toBe(true);
    expect(after.doNotEmail.active).toBe(true);
    expect(after.lastContactedAt).toBe(madeAt);
  });

  it('keeps the first do-not-call date when the person objects a second time', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Deux fois', doNotCall: true, doNotCallReason: 'courrier' });
    await organizer.request({ method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'door_knock', status: 'do_not_contact' } });
    const after: Person = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}` })).json();
    expect(after.doNotCall).toEqual(person.doNotCall);
  });

  it('lists the timeline newest first, page by page, and moves last contacted forward only', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Chronologie' });
    const times = ['2026-01-05T10:00:00.000Z', '2026-01-07T10:00:00.000Z', '2026-01-06T10:00:00.000Z', '2026-01-06T10:00:00.000Z'];
    for (const [i, madeAt] of times.entries()) {
      const res = await organizer.request({ method: 'POST', url: `/api/people/${person.id}/contacts`, payload: { type: 'text', status: 'answered', notes: `n${i}`, madeAt } });
      expect(res.statusCode).toBe(201);
    }
    const first = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}/contacts?limit=2` })).json();
    expect(first.contacts.map((c: Contact) => c.notes)).toEqual(['n1', 'n3']);
    expect(first.nextCursor).not.toBeNull();
    const second = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}/contacts?limit=2&cursor=${encodeURIComponent(first.nextCursor)}` })).json();
    expect(second.contacts.map((c: Contact) => c.notes)).toEqual(['n2', 'n0']);
    expect(second.nextCursor).toBeNull();
    const after: Person = (await organizer.request({ method: 'GET', url: `/api/people/${person.id}` })).json();
    expect(after.lastContactedAt).toBe('2026-01-07T10:00:00.000Z');
    expect(after.doNotCall.active).toBe(false);
  });

  it('refuses a contact dated in the future, on the madeAt field', async () => {
    const { organizer } = await campaign();
    const person = await create(organizer, { lastName: 'Futur' });
    const res = await organizer.request({
      method: 'POST',
      url: `/api/people/${person.id}/contacts`,
      payload: { type: 'meeting', status: 'answered', madeAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'madeAt', message: 'Cette date est dans le futur.' }]);
  });
});

