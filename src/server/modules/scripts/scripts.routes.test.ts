import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, makeMember, makeOrg, type Agent } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { exampleScripts } from '../../../shared/scripts/examples.js';
import { loopFixture } from '../../../shared/scripts/script.fixtures.js';
import type { ScriptDocumentInput } from '../../../shared/scripts/script.schema.js';
import { inOrg } from '../../platform/db/database.js';
import { findScriptVersion } from './index.js';

let ctx: TestContext;
let app: FastifyInstance;
let orgId: string;
let organizer: Agent;
let caller: Agent;
let viewer: Agent;
let otherOrganizer: Agent;

const simple: ScriptDocumentInput = {
  startSectionId: 'intro',
  sections: [
    {
      id: 'intro',
      title: 'Bonjour',
      body: 'Bonjour {{person.firstName}}',
      questions: [{ id: 'q-ok', label: 'Disponible ?', kind: 'choice', required: true, choices: [{ id: 'yes', label: 'Oui', goto: 'pitch' }, { id: 'no', label: 'Non', goto: 'bye' }] }],
    },
    { id: 'pitch', title: 'Argumentaire', next: 'bye' },
    { id: 'bye', title: 'Au revoir', end: true },
  ],
};

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  orgId = (await makeOrg(ctx)).id;
  organizer = await login(app, (await makeMember(ctx, orgId, 'organizer')).email);
  caller = await login(app, (await makeMember(ctx, orgId, 'caller')).email);
  viewer = await login(app, (await makeMember(ctx, orgId, 'viewer')).email);
  const otherOrg = (await makeOrg(ctx)).id;
  otherOrganizer = await login(app, (await makeMember(ctx, otherOrg, 'organizer')).email);
});

async function create(agent: Agent, payload: Record<string, unknown>) {
  const res = await agent.request({ method: 'POST', url: '/api/scripts', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('creating scripts', () => {
  it.each([
    ['gotvProxy', 'fr'],
    ['gotvProxy', 'en'],
    ['persuasion', 'fr'],
    ['persuasion', 'en'],
  ] as const)('does create a valid, publishable script from the %s example in %s', async (example, locale) => {
    const script = await create(organizer, { fromExample: example, locale });
    expect(script.name.length).toBeGreaterThan(0);
    expect(script.language).toBe(locale);
    expect(script.document).toEqual(exampleScripts[example][locale]);
    expect(script.analysis.loops).toEqual([]);
    expect(script.latestVersion).toBeNull();
    expect(script.hasUnpublishedChanges).toBe(true);
    const published = await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().version).toBe(1);
  });

  it("does use the organization's language for an example when no locale is given", async () => {
    const script = await create(organizer, { fromExample: 'persuasion' });
    expect(script.language).toBe('fr');
    expect(script.document).toEqual(exampleScripts.persuasion.fr);
  });

  it('does create a blank script with one end section when given only a name', async () => {
    const script = await create(organizer, { name: 'Vide' });
    expect(script.document.sections).toHaveLength(1);
    expect(script.document.sections[0].end).toBe(true);
  });

  it('does refuse a script without a name, naming the field', async () => {
    const res = await organizer.request({ method: 'POST', url: '/api/scripts', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'name', message: 'Donnez un nom au script.' }]);
  });
});

describe('saving a draft', () => {
  it('does refuse an invalid document with 400 naming each bad field, in French', async () => {
    const script = await create(organizer, { name: 'Test', document: simple });
    const broken = structuredClone(simple) as { sections: { questions?: { choices: { goto?: string }[] }[]; id: string }[] };
    broken.sections[0]!.questions![0]!.choices[1]!.goto = 'nowhere';
    broken.sections[1]!.id = 'bad id';
    const res = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: broken } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields as { path: string; message: string }[];
    expect(fields).toContainEqual({ path: 'document.sections.1.id', message: 'Lettres, chiffres, « - » ou « _ », en commençant par une lettre ou un chiffre.' });
    expect(fields.map((f) => f.path)).toContain('document.sections.0.questions.0.choices.1.goto');
    const after = await organizer.request({ method: 'GET', url: `/api/scripts/${script.id}` });
    expect(after.json().document.sections[1].id).toBe('pitch');
  });

  it('does translate reference errors into English for an English-speaking organizer', async () => {
    const script = await create(organizer, { name: 'Test', document: simple });
    await organizer.request({ method: 'PUT', url: '/api/session/locale', payload: { locale: 'en' } });
    try {
      const broken = { ...simple, startSectionId: 'nope' };
      const res = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: broken } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ path: 'document.startSectionId', message: 'Section "nope" does not exist.' }]);
    } finally {
      await organizer.request({ method: 'PUT', url: '/api/session/locale', payload: { locale: 'fr' } });
    }
  });

  it('does report unreachable sections and loops as warnings without refusing the draft', async () => {
    const script = await create(organizer, { name: 'Boucle', document: simple });
    const withOrphan = { ...simple, sections: [...simple.sections, { id: 'orphan', title: 'Orpheline', end: true }] };
    const saved = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: withOrphan } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().analysis.unreachableSectionIds).toEqual(['orphan']);
    const looped = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: loopFixture } });
    expect(looped.statusCode).toBe(200);
    expect(looped.json().analysis.loops.length).toBeGreaterThan(0);
  });

  it('does answer 409 when the draft changed since the revision the editor loaded', async () => {
    const script = await create(organizer, { name: 'Concurrent', document: simple });
    const first = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { name: 'A', expectedRevision: script.draftRevision } });
    expect(first.statusCode).toBe(200);
    expect(first.json().draftRevision).toBe(script.draftRevision + 1);
    const second = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { name: 'B', expectedRevision: script.draftRevision } });
    expect(second.statusCode).toBe(409);
  });
});

describe('publishing', () => {
  it('does freeze the version: editing the draft afterwards leaves the published version as it was', async () => {
    const script = await create(organizer, { name: 'GOTV', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    expect(v1.version).toBe(1);
    const edited = structuredClone(simple) as { sections: { title: string }[] };
    edited.sections[0]!.title = 'Bonsoir';
    const saved = await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: edited, name: 'GOTV 2' } });
    expect(saved.json().hasUnpublishedChanges).toBe(true);
    const stillV1 = (await organizer.request({ method: 'GET', url: `/api/scripts/${script.id}/versions/1` })).json();
    expect(stillV1.document.sections[0].title).toBe('Bonjour');
    expect(stillV1.name).toBe('GOTV');
    const v2 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    expect(v2.version).toBe(2);
    expect(v2.document.sections[0].title).toBe('Bonsoir');
    const versions = (await organizer.request({ method: 'GET', url: `/api/scripts/${script.id}/versions` })).json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const audit = await inOrg(ctx.database.db, { orgId }, (tx) =>
      tx.selectFrom('audit_log').select(['action', 'subject_id']).where('org_id', '=', orgId).where('action', '=', 'script.publish').where('subject_id', 'in', [v1.id, v2.id]).execute(),
    );
    expect(audit).toHaveLength(2);
    const listed = (await organizer.request({ method: 'GET', url: '/api/scripts' })).json().scripts.find((s: { id: string }) => s.id === script.id);
    expect(listed.latestVersion.version).toBe(2);
    expect(listed.hasUnpublishedChanges).toBe(false);
  });

  it('does refuse, in the database itself, to rewrite a published version', async () => {
    const script = await create(organizer, { name: 'Gel', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    await expect(
      inOrg(ctx.database.db, { orgId }, (tx) => tx.updateTable('script_versions').set({ name: 'rewritten' }).where('org_id', '=', orgId).where('id', '=', v1.id).execute()),
    ).rejects.toThrow(/immutable/);
  });

  it('does return the latest version rather than a copy when the draft did not change', async () => {
    const script = await create(organizer, { name: 'Idempotent', document: simple });
    const a = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    const b = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    expect(b.id).toBe(a.id);
    expect(b.version).toBe(1);
  });

  it('does refuse to publish a script with a loop, naming the section', async () => {
    const script = await create(organizer, { name: 'Boucle', document: loopFixture });
    const res = await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` });
    expect(res.statusCode).toBe(400);
    const field = res.json().error.fields[0];
    expect(field.path).toBe('document.sections.0');
    expect(field.message).toContain('a → b → a');
  });

  it('does number versions without gaps when organizers publish at the same time', async () => {
    const script = await create(organizer, { name: 'Course', document: simple });
    const edits = ['Un', 'Deux', 'Trois'];
    for (const title of edits) {
      const doc = structuredClone(simple) as { sections: { title: string }[] };
      doc.sections[0]!.title = title;
      await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { document: doc } });
      await Promise.all([0, 1, 2].map(() => organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })));
    }
    const versions = (await organizer.request({ method: 'GET', url: `/api/scripts/${script.id}/versions` })).json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });
});

describe('archiving', () => {
  it('does take an archived script out of the list but keep its published versions readable', async () => {
    const script = await create(organizer, { name: 'Ancien', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    expect((await organizer.request({ method: 'DELETE', url: `/api/scripts/${script.id}` })).statusCode).toBe(200);
    const list = (await organizer.request({ method: 'GET', url: '/api/scripts' })).json().scripts;
    expect(list.map((s: { id: string }) => s.id)).not.toContain(script.id);
    expect((await organizer.request({ method: 'GET', url: `/api/scripts/${script.id}` })).statusCode).toBe(404);
    expect((await organizer.request({ method: 'PUT', url: `/api/scripts/${script.id}`, payload: { name: 'x' } })).statusCode).toBe(404);
    expect((await caller.request({ method: 'GET', url: `/api/script-versions/${v1.id}` })).statusCode).toBe(200);
    expect((await organizer.request({ method: 'DELETE', url: `/api/scripts/${script.id}` })).statusCode).toBe(404);
  });
});

describe('access', () => {
  it("lets a caller read a published version by id (the caller's screen), but not the drafts", async () => {
    const script = await create(organizer, { name: 'Pour appelants', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    const read = await caller.request({ method: 'GET', url: `/api/script-versions/${v1.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json().document.startSectionId).toBe('intro');
    expect((await caller.request({ method: 'GET', url: `/api/scripts/${script.id}` })).statusCode).toBe(403);
    expect((await caller.request({ method: 'GET', url: '/api/scripts' })).statusCode).toBe(403);
    expect((await viewer.request({ method: 'GET', url: `/api/script-versions/${v1.id}` })).statusCode).toBe(403);
  });

  it("answers 404 for another organization's script and version", async () => {
    const script = await create(organizer, { name: 'Privé', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    for (const [method, url] of [
      ['GET', `/api/scripts/${script.id}`],
      ['PUT', `/api/scripts/${script.id}`],
      ['POST', `/api/scripts/${script.id}/versions`],
      ['GET', `/api/scripts/${script.id}/versions`],
      ['GET', `/api/scripts/${script.id}/versions/1`],
      ['GET', `/api/script-versions/${v1.id}`],
      ['DELETE', `/api/scripts/${script.id}`],
    ] as const) {
      const res = await otherOrganizer.request({ method, url, ...(method === 'PUT' ? { payload: { name: 'pirate' } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    const owner = new pg.Client(ctx.ownerUrl);
    await owner.connect();
    const { rows } = await owner.query('SELECT name FROM scripts WHERE id = $1', [script.id]);
    await owner.end();
    expect(rows[0].name).toBe('Privé');
  });

  it('gives other modules the frozen version through findScriptVersion', async () => {
    const script = await create(organizer, { name: 'Module', document: simple });
    const v1 = (await organizer.request({ method: 'POST', url: `/api/scripts/${script.id}/versions` })).json();
    const found = await inOrg(ctx.database.db, { orgId }, (tx) => findScriptVersion(tx, orgId, v1.id));
    expect(found?.document.sections.map((s) => s.id)).toEqual(['intro', 'pitch', 'bye']);
    const missing = await inOrg(ctx.database.db, { orgId }, (tx) => findScriptVersion(tx, orgId, '999999'));
    expect(missing).toBeNull();
    // A malformed id answers null without aborting the caller's transaction.
    const stillUsable = await inOrg(ctx.database.db, { orgId }, async (tx) => {
      expect(await findScriptVersion(tx, orgId, 'gotv')).toBeNull();
      return findScriptVersion(tx, orgId, v1.id);
    });
    expect(stillUsable?.id).toBe(v1.id);
  });
});

describe('the API documentation', () => {
  it('describes the scripts and paths routes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(
      expect.arrayContaining(['/api/scripts/{scriptId}', '/api/scripts/{scriptId}/versions/{version}', '/api/script-versions/{versionId}', '/api/paths/{pathId}/people', '/api/paths/{pathId}/board']),
    );
  });
});
