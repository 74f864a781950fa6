import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { drainJobs } from '../../platform/jobs/jobs.js';

let ctx: TestContext;
let app: FastifyInstance;
let orgId: string;
let organizer: Agent;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  orgId = (await makeOrg(ctx)).id;
  organizer = await login(app, (await makeMember(ctx, orgId, 'organizer')).email);
});

const csv = (text: string) => ({ payload: Buffer.from(text, 'utf8'), headers: { 'content-type': 'text/csv' } });

describe('the import wizard over HTTP', () => {
  it('uploads, proposes a mapping, imports as a job and serves the error report', async () => {
    const upload = await organizer.request({
      method: 'POST',
      url: '/api/imports?fileName=adh%C3%A9rents.csv',
      ...csv('Prénom;Nom;Tél. portable;Niveau de soutien\nAnne;Dupont;06 12 34 56 78;Soutien faible\nBruno;Durand;12;=1+1\n'),
    });
    expect(upload.statusCode).toBe(201);
    const uploaded = upload.json();
    expect(uploaded).toMatchObject({ fileName: 'adhérents.csv', delimiter: ';', status: 'uploaded', headers: ['Prénom', 'Nom', 'Tél. portable', 'Niveau de soutien'] });
    expect(uploaded.proposedMapping.map((c: { field: string | null }) => c.field)).toEqual(['firstName', 'lastName', 'mobilePhone', 'supportLevel']);
    expect(uploaded.sample).toEqual([['Anne', 'Dupont', '06 12 34 56 78', 'Soutien faible'], ['Bruno', 'Durand', '12', '=1+1']]);

    const start = await organizer.request({
      method: 'POST',
      url: `/api/imports/${uploaded.id}/start`,
      payload: {
        mapping: uploaded.proposedMapping.map((c: { column: number; field: string | null }) => ({ column: c.column, field: c.field })),
        legalBasis: 'member',
        dataSource: 'fichier des adhérents',
        tags: ['adhérents 2026'],
      },
    });
    expect(start.statusCode).toBe(202);
    expect(start.json()).toMatchObject({ status: 'queued', legalBasis: 'member' });
    await drainJobs(ctx);

    const done = (await organizer.request({ method: 'GET', url: `/api/imports/${uploaded.id}` })).json();
    expect(done).toMatchObject({ status: 'succeeded', counts: { rows: 2, created: 2, warnings: 1 }, issueCount: 2, progress: { done: done.fileSize, total: done.fileSize } });
    const job = (await organizer.request({ method: 'GET', url: `/api/jobs/${done.jobId}` })).json();
    expect(job).toMatchObject({ status: 'succeeded', result: { created: 2 } });

    const report = await organizer.request({ method: 'GET', url: `/api/imports/${uploaded.id}/errors.csv` });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(report.headers['content-disposition']).toContain("filename*=UTF-8''adh%C3%A9rents-erreurs.csv");
    expect(report.body).toContain('3;Importée sans cette valeur;Tél. portable;12;Numéro de téléphone non valide');
    // A value from the file is neutralised in the report like in any export.
    expect(report.body).toContain("3;Importée sans cette valeur;Niveau de soutien;'=1+1;");
  });

  it('answers 415 to a body that is not a file, and 404 for an unknown import', async () => {
    const json = await organizer.request({ method: 'POST', url: '/api/imports', payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    const missing = await organizer.request({ method: 'GET', url: '/api/imports/999999' });
    expect(missing.statusCode).toBe(404);
  });

  it("never shows another organization's import", async () => {
    const upload = await organizer.request({ method: 'POST', url: '/api/imports', ...csv('nom\nDupont\n') });
    const otherOrg = (await makeOrg(ctx)).id;
    const stranger = await login(app, (await makeMember(ctx, otherOrg, 'administrator')).email);
    for (const url of [`/api/imports/${upload.json().id}`, `/api/imports/${upload.json().id}/errors.csv`]) {
      expect((await stranger.request({ method: 'GET', url })).statusCode).toBe(404);
    }
    const del = await stranger.request({ method: 'DELETE', url: `/api/imports/${upload.json().id}` });
    expect(del.statusCode).toBe(404);
    expect((await organizer.request({ method: 'DELETE', url: `/api/imports/${upload.json().id}` })).statusCode).toBe(200);
  });

  it('is refused to viewers and callers', async () => {
    for (const set of ['viewer', 'caller'] as const) {
      const agent = await login(app, (await makeMember(ctx, orgId, set)).email);
      expect((await agent.request({ method: 'POST', url: '/api/imports', ...csv('nom\nDupont\n') })).statusCode).toBe(403);
      expect((await agent.request({ method: 'GET', url: '/api/exports/people.csv' })).statusCode).toBe(403);
    }
  });
});

describe('exporting people as CSV', () => {
  it('neutralises formulas, keeps phones usable, writes a BOM and `;`, and records the export', async () => {
    const org = (await makeOrg(ctx)).id;
    const admin = await makeMember(ctx, org, 'organizer');
    const agent = await login(app, admin.email);
    await inOrg(ctx.database.db, { orgId: org }, (tx) =>
      tx
        .insertInto('people')
        .values([
          { org_id: org, first_name: '=HYPERLINK("http://evil.example","clic")', last_name: '@SUM(A1)', mobile_e164: '+33612345678', mobile_valid: true, support_level: 3, legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() },
          { org_id: org, first_name: 'Zoé', last_name: '-Durand', phone_e164: '+442079460958', phone_valid: true, mobile_raw: '+cmd|calc', legal_basis: 'electoral_list', custom_fields: '{}', updated_at: new Date() },
        ])
        .execute(),
    );
    const res = await agent.request({ method: 'GET', url: '/api/exports/people.csv?columns=firstName,lastName,mobile,phone,supportLevelLabel,legalBasis' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/personnes-\d{4}-\d{2}-\d{2}\.csv/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('\ufeffPrénom;Nom;Téléphone portable;Téléphone fixe;Niveau de soutien;Base légale');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""clic"")";'@SUM(A1);06 12 34 56 78;;Indécis;Consentement`);
    expect(lines[2]).toBe("Zoé;'-Durand;'+cmd|calc;0044 20 7946 0958;;Liste électorale");
    const audit = await inOrg(ctx.database.db, { orgId: org }, (tx) => tx.selectFrom('audit_log').selectAll().where('action', '=', 'people.export').execute());
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: admin.userId, details: { count: 2, completed: true, columns: ['firstName', 'lastName', 'mobile', 'phone', 'supportLevelLabel', 'legalBasis'] } });
  });

  it('writes the additional e-mails and phones in one cell each, phones as the French dial them', async () => {
    const org = (await makeOrg(ctx)).id;
    const agent = await login(app, (await makeMember(ctx, org, 'organizer')).email);
    await inOrg(ctx.database.db, { orgId: org }, async (tx) => {
      const person = await tx
        .insertInto('people')
        .values({ org_id: org, first_name: 'Anne', email: 'anne@exemple.fr', legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx.insertInto('person_emails').values([{ org_id: org, person_id: person.id, email: 'anne.pro@bureau.fr' }, { org_id: org, person_id: person.id, email: '=cmd@evil.fr' }]).execute();
      await tx
        .insertInto('person_phones')
        .values([
          { org_id: org, person_id: person.id, kind: 'landline', e164: '+33478123456', raw: '04 78 12 34 56', valid: true },
          { org_id: org, person_id: person.id, kind: 'landline', e164: '+442079460958', raw: '+44 20 7946 0958', valid: true },
        ])
        .execute();
      await tx.insertInto('people').values({ org_id: org, first_name: 'Bruno', legal_basis: 'consent', custom_fields: '{}', updated_at: new Date() }).execute();
    });
    const res = await agent.request({ method: 'GET', url: '/api/exports/people.csv?columns=firstName,email,otherEmails,otherPhones' });
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('\ufeffPrénom;E-mail;Autres e-mails;Autres téléphones');
    expect(lines[1]).toBe('Anne;anne@exemple.fr;anne.pro@bureau.fr, =cmd@evil.fr;04 78 12 34 56, 0044 20 7946 0958');
    expect(lines[2]).toBe('Bruno;;;');
  });

  it('exports a static list, or a filter, with `,`', async () => {
    const org = (await makeOrg(ctx)).id;
    const agent = await login(app, (await makeMember(ctx, org, 'organizer')).email);
    const ids = await inOrg(ctx.database.db, { orgId: org }, async (tx) => {
      const people = await tx
        .insertInto('people')
        .values(['Anne', 'Bruno', 'Célia'].map((first_name, i) => ({ org_id: org, first_name, support_level: i + 1, legal_basis: 'consent' as const, custom_fields: '{}', updated_at: new Date() })))
        .returning('id')
        .execute();
      const list = await tx.insertInto('lists').values({ org_id: org, name: 'Appel', kind: 'static' }).returning('id').executeTakeFirstOrThrow();
      await tx.insertInto('list_members').values([people[0]!, people[2]!].map((p) => ({ org_id: org, list_id: list.id, person_id: p.id }))).execute();
      return { listId: list.id };
    });
    const byList = await agent.request({ method: 'GET', url: `/api/exports/people.csv?listId=${ids.listId}&columns=firstName&delimiter=comma` });
    expect(byList.body).toBe('\ufeffPrénom\r\nAnne\r\nCélia\r\n');
    const filter = encodeURIComponent(JSON.stringify({ op: 'and', children: [{ type: 'supportLevel', levels: [2, 3] }] }));
    const byFilter = await agent.request({ method: 'GET', url: `/api/exports/people.csv?filter=${filter}&columns=firstName,supportLevel` });
    expect(byFilter.statusCode).toBe(200);
    expect(byFilter.body).toBe('\ufeffPrénom;Niveau de soutien (1-5)\r\nBruno;2\r\nCélia;3\r\n');
    const bad = await agent.request({ method: 'GET', url: '/api/exports/people.csv?columns=firstName,password' });
    expect(bad.statusCode).toBe(400);
    expect((await agent.request({ method: 'GET', url: '/api/exports/people.csv?listId=999999' })).statusCode).toBe(404);
  });
});
