import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildTestApp, login, makeMember, makeOrg, agentFor, TEST_PASSWORD } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { sessionsForgotten, sessionsWatched } from './auth.session-cache.js';

/** Waits (up to five seconds) for a condition reached by something asynchronous, e.g. a NOTIFY. */
async function waitFor(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let ctx: TestContext;
let app: FastifyInstance;
let orgId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildTestApp(ctx);
  orgId = (await makeOrg(ctx)).id;
});

describe('login', () => {
  it('signs in and sets an httpOnly SameSite session cookie whose token is stored hashed', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'relais_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.email).toBe(member.email);
    expect(body.organization.id).toBe(orgId);
    expect(body.organization.capabilities).toContain('people.write');
    const owner = new pg.Client(ctx.ownerUrl);
    await owner.connect();
    const rows = await owner.query('SELECT token_hash FROM sessions');
    await owner.end();
    for (const row of rows.rows) expect(Buffer.from(row.token_hash).toString('base64url')).not.toBe(cookie.value);
  });

  it('answers the same for an unknown e-mail as for a wrong password', async () => {
    const member = await makeMember(ctx, orgId, 'caller');
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: 'not the password' }, remoteAddress: '10.1.0.1' });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.test', password: 'not the password' }, remoteAddress: '10.1.0.2' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
  });

  it('refuses further attempts on an account after ten failures, even with the right password', async () => {
    const member = await makeMember(ctx, orgId, 'caller');
    for (let i = 0; i < 10; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: `guess-${i}` }, remoteAddress: `10.2.0.${i}` });
      expect(res.statusCode).toBe(401);
    }
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: TEST_PASSWORD }, remoteAddress: '10.2.1.1' });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    ctx.setNow(new Date(Date.now() + 16 * 60 * 1000));
    const later = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: TEST_PASSWORD }, remoteAddress: '10.2.1.1' });
    ctx.setNow(new Date());
    expect(later.statusCode).toBe(200);
  });

  it('refuses further attempts from an address after fifty failures', async () => {
    const member = await makeMember(ctx, orgId, 'caller');
    for (let i = 0; i < 50; i++) {
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: `x${i}@example.test`, password: 'nope' }, remoteAddress: '10.3.0.1' });
    }
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: TEST_PASSWORD }, remoteAddress: '10.3.0.1' });
    expect(res.statusCode).toBe(429);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: member.email, password: TEST_PASSWORD }, remoteAddress: '10.3.0.2' });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('names the fields at fault in French by default and in English when asked', async () => {
    const fr = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'pas-un-email', password: '' } });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error).toMatchObject({ code: 'validation_failed', message: 'Certains champs ne sont pas valides.' });
    expect(fr.json().error.fields).toEqual(
      expect.arrayContaining([
        { path: 'email', message: 'Adresse e-mail invalide.' },
        { path: 'password', message: 'Ce champ est obligatoire.' },
      ]),
    );
    const en = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-GB,en;q=0.9' }, payload: { email: 'nope' } });
    expect(en.json().error.message).toBe('Some fields are not valid.');
    expect(en.json().error.fields).toEqual(expect.arrayContaining([{ path: 'password', message: 'This field is required.' }]));
  });

  it('answers 400, not 500, to malformed JSON and wrong types', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
    const typed = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42, password: ['x'] } });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'password']);
  });
});

describe('sessions', () => {
  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const agent = await login(app, member.email);
    const res = await app.inject({ method: 'PUT', url: '/api/session/locale', headers: { cookie: agent.cookie }, payload: { locale: 'en' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const ok = await agent.request({ method: 'PUT', url: '/api/session/locale', payload: { locale: 'en' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('en');
    const errorInEnglish = await agent.request({ method: 'PUT', url: '/api/session/locale', payload: { locale: 'de' } });
    expect(errorInEnglish.json().error.message).toBe('Some fields are not valid.');
  });

  it('logs out: the cookie no longer works', async () => {
    const member = await makeMember(ctx, orgId, 'viewer');
    const agent = await login(app, member.email);
    expect((await agent.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    const after = await agent.request({ method: 'GET', url: '/api/session' });
    expect(after.json().user).toBeNull();
    expect((await agent.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(401);
  });

  /** Runs `fn` with a database-owner connection ("another process"), the clock put back after. */
  async function asOwner(fn: (owner: pg.Client) => Promise<void>): Promise<void> {
    const owner = new pg.Client(ctx.ownerUrl);
    await owner.connect();
    try {
      await fn(owner);
    } finally {
      ctx.setNow(new Date());
      await owner.end();
    }
  }

  /** Once this returns, announcements of earlier changes (a member's creation) have been heard. */
  async function announcementsHeard(owner: pg.Client): Promise<void> {
    await waitFor(() => sessionsWatched(ctx.database.db));
    const forgotten = sessionsForgotten(ctx.database.db);
    await owner.query(`SELECT pg_notify('relais_sessions', '')`);
    await waitFor(() => sessionsForgotten(ctx.database.db) > forgotten);
  }

  /** Ends a member's sessions with the trigger off: nothing is announced. */
  async function endSessionsUnannounced(owner: pg.Client, email: string): Promise<void> {
    await owner.query('ALTER TABLE sessions DISABLE TRIGGER sessions_changed');
    await owner.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)', [email]);
    await owner.query('ALTER TABLE sessions ENABLE TRIGGER sessions_changed');
  }

  it('keeps a session while the database announces changes: one made elsewhere is seen once announced', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const agent = await login(app, member.email);
    const session = () => agent.request({ method: 'GET', url: '/api/session' }).then((r) => r.json());
    await asOwner(async (owner) => {
      await announcementsHeard(owner);
      expect((await session()).organization.capabilities).toContain('people.write');
      // Unannounced (the trigger off), a change is not seen two minutes later: the session is kept.
      await owner.query('ALTER TABLE memberships DISABLE TRIGGER memberships_session_changed');
      await owner.query(
        `UPDATE memberships m SET permission_set_id = (SELECT id FROM permission_sets WHERE org_id = m.org_id AND key = 'viewer')
          WHERE m.org_id = $1 AND m.user_id = (SELECT id FROM users WHERE email = $2)`,
        [orgId, member.email],
      );
      await owner.query('ALTER TABLE memberships ENABLE TRIGGER memberships_session_changed');
      ctx.setNow(new Date(Date.now() + 2 * 60 * 1000));
      expect((await session()).organization.capabilities).toContain('people.write');
      // Another process (here: the database owner) ends the session: announced, it is seen at once.
      await owner.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1)', [member.email]);
      await waitFor(async () => (await session()).user === null);
    });
  });

  it('forgets a kept session once the application clock passes its keep, announced or not', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const agent = await login(app, member.email);
    await asOwner(async (owner) => {
      await announcementsHeard(owner);
      expect((await agent.request({ method: 'GET', url: '/api/session' })).json().user.email).toBe(member.email);
      await endSessionsUnannounced(owner, member.email);
      ctx.setNow(new Date(Date.now() + 6 * 60 * 1000));
      expect((await agent.request({ method: 'GET', url: '/api/session' })).json().user).toBeNull();
    });
  });

  it('keeps sessions a second only while its LISTEN connection is lost, and listens again', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const agent = await login(app, member.email);
    await asOwner(async (owner) => {
      await waitFor(() => sessionsWatched(ctx.database.db));
      await owner.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN relais_sessions'`);
      await waitFor(() => !sessionsWatched(ctx.database.db));
      expect((await agent.request({ method: 'GET', url: '/api/session' })).json().user.email).toBe(member.email);
      // Unannounced and unheard: seen once the second has passed.
      await endSessionsUnannounced(owner, member.email);
      ctx.setNow(new Date(Date.now() + 2000));
      expect((await agent.request({ method: 'GET', url: '/api/session' })).json().user).toBeNull();
      await waitFor(() => sessionsWatched(ctx.database.db));
    });
  });

  it('announces what changes a session, not the refresh of its last use', async () => {
    const member = await makeMember(ctx, orgId, 'caller');
    await login(app, member.email);
    const listener = new pg.Client(ctx.ownerUrl);
    const owner = new pg.Client(ctx.ownerUrl);
    await Promise.all([listener.connect(), owner.connect()]);
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    await listener.query('LISTEN relais_sessions');
    // Announcements reach a listener in commit order: a marker sent after a change says it is
    // over, without waiting on a clock.
    const announced = async (statement: string) => {
      heard.length = 0;
      await owner.query(statement, [member.email]);
      await owner.query(`SELECT pg_notify('relais_sessions', 'marker')`);
      await waitFor(() => heard.includes('marker'));
      return heard.filter((p) => p !== 'marker').length > 0;
    };
    const user = '(SELECT id FROM users WHERE email = $1)';
    try {
      expect(await announced(`UPDATE sessions SET last_seen_at = now(), expires_at = now() + interval '30 days' WHERE user_id = ${user}`)).toBe(false);
      expect(await announced(`UPDATE users SET updated_at = now() WHERE id = ${user}`)).toBe(false);
      expect(await announced(`UPDATE sessions SET locale = 'en' WHERE user_id = ${user}`)).toBe(true);
      expect(await announced(`UPDATE users SET name = 'Renamed' WHERE id = ${user}`)).toBe(true);
      expect(await announced(`UPDATE permission_sets SET capabilities = capabilities WHERE org_id = (SELECT org_id FROM memberships WHERE user_id = ${user})`)).toBe(true);
      expect(await announced(`DELETE FROM memberships WHERE user_id = ${user}`)).toBe(true);
    } finally {
      await Promise.all([listener.end(), owner.end()]);
    }
  });

  it('changes the password after checking the current one and signs out other sessions', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const first = await login(app, member.email);
    const second = await login(app, member.email);
    const wrong = await first.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'wrong', newPassword: 'a brand new passphrase' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual([{ path: 'currentPassword', message: 'Mot de passe actuel incorrect.' }]);
    const ok = await first.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(ok.statusCode).toBe(200);
    expect((await second.request({ method: 'GET', url: '/api/session' })).json().user).toBeNull();
    expect((await first.request({ method: 'GET', url: '/api/session' })).json().user.email).toBe(member.email);
    await login(app, member.email, 'a brand new passphrase');
  });

  it('switches to another organization the user belongs to, and not to one they do not', async () => {
    const member = await makeMember(ctx, orgId, 'organizer');
    const other = await makeOrg(ctx);
    const { inOrg } = await import('../../platform/db/database.js');
    const { addMember } = await import('../network/network.service.js');
    await inOrg(ctx.database.db, { orgId: other.id }, (tx) => addMember(tx, other.id, member.userId, 'caller'));
    const stranger = await makeOrg(ctx);
    const agent = await login(app, member.email);
    const session = (await agent.request({ method: 'GET', url: '/api/session' })).json();
    expect(session.memberships.map((m: { orgId: string }) => m.orgId).sort()).toEqual([orgId, other.id].sort());
    const switched = await agent.request({ method: 'PUT', url: '/api/session/organization', payload: { orgId: other.id } });
    expect(switched.json().organization).toMatchObject({ id: other.id, capabilities: ['calls.make'] });
    const refused = await agent.request({ method: 'PUT', url: '/api/session/organization', payload: { orgId: stranger.id } });
    expect(refused.statusCode).toBe(404);
  });
});

describe('magic links', () => {
  it('lets an invited volunteer in once, without a password, landing where the link says', async () => {
    const admin = await makeMember(ctx, orgId, 'administrator');
    const agent = await login(app, admin.email);
    const invite = await agent.request({
      method: 'POST',
      url: '/api/invitations',
      payload: { email: 'benevole@example.test', name: 'Lucie Martin', permissionSet: 'caller', redirectPath: '/call/42' },
    });
    expect(invite.statusCode).toBe(201);
    const token = invite.json().url.split('/auth/magic/')[1];
    const res = await app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { token } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ redirectPath: '/call/42', user: { email: 'benevole@example.test', hasPassword: false }, organization: { id: orgId, capabilities: ['calls.make'] } });
    const again = await app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { token } });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('link_invalid');
  });

  it('refuses an expired link', async () => {
    const admin = await makeMember(ctx, orgId, 'administrator');
    const agent = await login(app, admin.email);
    const invite = await agent.request({ method: 'POST', url: '/api/invitations', payload: { email: 'tard@example.test', name: 'Paul Durand' } });
    const token = invite.json().url.split('/auth/magic/')[1];
    ctx.setNow(new Date(Date.now() + 8 * 24 * 3600 * 1000));
    const res = await app.inject({ method: 'POST', url: '/api/auth/magic-link', payload: { token } });
    ctx.setNow(new Date());
    expect(res.statusCode).toBe(410);
  });

  it('leaves no account behind when the invitation names an unknown permission set', async () => {
    const admin = await makeMember(ctx, orgId, 'administrator');
    const agent = await login(app, admin.email);
    const res = await agent.request({ method: 'POST', url: '/api/invitations', payload: { email: 'fantome@example.test', name: 'X', permissionSet: '999999' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].path).toBe('permissionSet');
    const token = 'x'.repeat(43);
    const magic = agentFor(app, token, '');
    expect((await magic.request({ method: 'GET', url: '/api/session' })).json().user).toBeNull();
    const members = (await agent.request({ method: 'GET', url: '/api/members' })).json().members;
    expect(members.find((m: { email: string }) => m.email === 'fantome@example.test')).toBeUndefined();
  });
});

describe('permission sets', () => {
  it('lets an administrator define a custom set and give it to a member', async () => {
    const admin = await makeMember(ctx, orgId, 'administrator');
    const caller = await makeMember(ctx, orgId, 'caller');
    const agent = await login(app, admin.email);
    const created = await agent.request({ method: 'POST', url: '/api/permission-sets', payload: { name: 'Super-bénévole', capabilities: ['calls.make', 'people.counts'] } });
    expect(created.statusCode).toBe(201);
    const updated = await agent.request({ method: 'PUT', url: `/api/members/${caller.userId}`, payload: { permissionSetId: created.json().id } });
    expect(updated.json().permissionSetName).toBe('Super-bénévole');
    const callerAgent = await login(app, caller.email);
    const session = (await callerAgent.request({ method: 'GET', url: '/api/session' })).json();
    expect(session.organization.capabilities.sort()).toEqual(['calls.make', 'people.counts']);
    const unknownCapability = await agent.request({ method: 'POST', url: '/api/permission-sets', payload: { name: 'X', capabilities: ['launch.missiles'] } });
    expect(unknownCapability.statusCode).toBe(400);
    expect(unknownCapability.json().error.fields[0].path).toBe('capabilities.0');
  });

  it('answers 404 for a member of another organization', async () => {
    const admin = await makeMember(ctx, orgId, 'administrator');
    const other = await makeOrg(ctx);
    const outsider = await makeMember(ctx, other.id, 'caller');
    const agent = await login(app, admin.email);
    const sets = (await agent.request({ method: 'GET', url: '/api/permission-sets' })).json().permissionSets;
    const res = await agent.request({ method: 'PUT', url: `/api/members/${outsider.userId}`, payload: { permissionSetId: sets[0].id } });
    expect(res.statusCode).toBe(404);
  });
});
