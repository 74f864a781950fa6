import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import { PUBLIC_FORM_LIMITS } from '../../platform/http/rate-limit.js';

let ctx: TestContext;
let app: FastifyInstance;
let n = 0;
const START = new Date('2026-05-04T08:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext({ now: START });
  app = await buildTestApp(ctx);
});

function volunteer(slug: string, ip: string, language = 'fr') {
  n += 1;
  return app.inject({
    method: 'POST',
    url: `/api/public/${slug}/volunteers`,
    remoteAddress: ip,
    headers: { 'accept-language': language },
    payload: { firstName: 'Inès', lastName: `Test${n}`, email: `ines${n}@example.test`, phone: '', consent: true },
  });
}

async function makeEvent(orgId: string) {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const event = await tx
      .insertInto('events')
      .values({ org_id: orgId, kind: 'phone_bank', title: 'Phoning', starts_at: new Date('2030-01-01T10:00:00Z'), ends_at: new Date('2030-01-01T12:00:00Z') })
      .returning('id')
      .executeTakeFirstOrThrow();
    const shift = await tx
      .insertInto('shifts')
      .values({ org_id: orgId, event_id: event.id, starts_at: new Date('2030-01-01T10:00:00Z'), ends_at: new Date('2030-01-01T12:00:00Z'), capacity: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { eventId: event.id, shiftId: shift.id };
  });
}

describe('rate limits on the public forms', () => {
  it('refuses a client address past its limit with a 429 in its language, across the forms, until the window has passed', async () => {
    const org = await makeOrg(ctx);
    const { eventId, shiftId } = await makeEvent(org.id);
    const ip = '203.0.113.7';
    for (let i = 0; i < PUBLIC_FORM_LIMITS.perAddress - 1; i++) expect((await volunteer(org.slug, ip)).statusCode).toBe(201);
    // The event sign-up form counts under the same address.
    const signup = await app.inject({
      method: 'POST',
      url: `/api/public/${org.slug}/events/${eventId}/signups`,
      remoteAddress: ip,
      payload: { firstName: 'Léo', lastName: 'Dernier', email: 'leo@example.test', phone: '', consent: true, shiftId },
    });
    expect(signup.statusCode, signup.body).toBe(201);

    const refused = await volunteer(org.slug, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited', message: 'Trop de tentatives. Réessayez dans quelques minutes.' });
    const english = await volunteer(org.slug, ip, 'en');
    expect(english.statusCode).toBe(429);
    expect(english.json().error.message).toBe('Too many attempts. Try again in a few minutes.');
    const cancel = await app.inject({ method: 'POST', url: `/api/public/${org.slug}/signups/cancel`, remoteAddress: ip, payload: { token: 'x'.repeat(40) } });
    expect(cancel.statusCode).toBe(429);
    // Nothing of the refused forms was kept.
    const people = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('people').select('id').where('org_id', '=', org.id).execute());
    expect(people).toHaveLength(PUBLIC_FORM_LIMITS.perAddress);

    // Another address is not held up.
    expect((await volunteer(org.slug, '203.0.113.8')).statusCode).toBe(201);
    // Ten minutes later the address may send again.
    ctx.setNow(new Date(START.getTime() + PUBLIC_FORM_LIMITS.windowMs + 1000));
    expect((await volunteer(org.slug, ip)).statusCode).toBe(201);
    ctx.setNow(START);
  });

  it('refuses an organization flooded from many addresses, and only that organization', async () => {
    const org = await makeOrg(ctx);
    const other = await makeOrg(ctx);
    // Earlier traffic from many addresses: one short of the organization's limit.
    await ctx.database.db
      .insertInto('public_form_hits')
      .values(Array.from({ length: PUBLIC_FORM_LIMITS.perOrganization - 1 }, () => ({ key: `form-org:${org.slug}`, at: new Date(START.getTime() - 60_000) })))
      .execute();
    expect((await volunteer(org.slug, '198.51.100.1')).statusCode).toBe(201);
    const refused = await volunteer(org.slug, '198.51.100.2');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await volunteer(other.slug, '198.51.100.2')).statusCode).toBe(201);
  });
});
