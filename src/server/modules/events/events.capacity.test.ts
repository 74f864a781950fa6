import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { BUILTIN_CAPABILITIES } from '../../../shared/auth/capabilities.js';
import { cancelToken } from './events.bookings.js';
import { publicCancel, publicSignup } from './events.public.js';
import { createEvent } from './events.service.js';

let ctx: TestContext;
let org: { id: string; slug: string };
let actor: OrgActor;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await makeOrg(ctx);
  const member = await makeMember(ctx, org.id, 'organizer');
  actor = {
    user: { id: member.userId, email: member.email, name: 'Orga', hasPassword: true },
    session: null,
    org: { id: org.id, slug: org.slug, name: 'Campagne', timeZone: 'Europe/Paris', permissionSet: 'organizer', capabilities: new Set(BUILTIN_CAPABILITIES.organizer) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
});

const volunteer = (i: number) => ({ firstName: `Bénévole${i}`, lastName: 'Test', email: `benevole${i}@example.test`, phone: '', consent: true });

describe('shift capacity', () => {
  it('confirms exactly 20 of 100 simultaneous sign-ups for 20 places and waitlists the other 80', async () => {
    const event = await createEvent(ctx, actor, {
      kind: 'phone_bank',
      title: 'Phoning du samedi',
      description: '',
      place: 'Local de campagne',
      onlineUrl: null,
      startsAt: '2030-03-02T09:00:00+01:00',
      endsAt: '2030-03-02T12:00:00+01:00',
      capacity: 20,
      hostUserId: null,
      callCampaignId: null,
      status: 'published',
      isPublic: true,
      shifts: [],
    });
    const shiftId = event.shifts[0]!.id;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => publicSignup(ctx, org.slug, event.id, { ...volunteer(i), shiftId, locale: 'fr' }, 'fr')),
    );
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(80);

    const rows = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => ({
      signups: await tx.selectFrom('signups').select(['id', 'status', 'created_at']).where('shift_id', '=', shiftId).orderBy('id').execute(),
      shift: await tx.selectFrom('shifts').select(['confirmed_count', 'capacity']).where('id', '=', shiftId).executeTakeFirstOrThrow(),
      people: await tx.selectFrom('people').select(['id', 'is_volunteer', 'legal_basis']).execute(),
      outbox: await tx.selectFrom('outbox').select('id').execute(),
    }));
    expect(rows.signups).toHaveLength(100);
    expect(rows.signups.filter((s) => s.status === 'confirmed')).toHaveLength(20);
    expect(rows.shift).toEqual({ confirmed_count: 20, capacity: 20 });
    expect(rows.people).toHaveLength(100);
    expect(rows.people.every((p) => p.is_volunteer && p.legal_basis === 'consent')).toBe(true);
    // Every volunteer got a confirmation (or a waitlist notice) in the outbox.
    expect(rows.outbox).toHaveLength(100);

    // A cancellation frees a place for the first volunteer on the waitlist.
    const confirmed = rows.signups.find((s) => s.status === 'confirmed')!;
    const waitlisted = rows.signups.filter((s) => s.status === 'waitlisted').sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || Number(a.id) - Number(b.id));
    await publicCancel(ctx, org.slug, cancelToken(ctx.secret, org.id, confirmed.id));
    const after = await inOrg(ctx.database.db, { orgId: org.id }, async (tx) => ({
      promoted: await tx.selectFrom('signups').select('status').where('id', '=', waitlisted[0]!.id).executeTakeFirstOrThrow(),
      cancelled: await tx.selectFrom('signups').select('status').where('id', '=', confirmed.id).executeTakeFirstOrThrow(),
      shift: await tx.selectFrom('shifts').select('confirmed_count').where('id', '=', shiftId).executeTakeFirstOrThrow(),
    }));
    expect(after).toEqual({ promoted: { status: 'confirmed' }, cancelled: { status: 'cancelled' }, shift: { confirmed_count: 20 } });
  });

  it('answers the first booking when the same person signs up twice', async () => {
    const event = await createEvent(ctx, actor, {
      kind: 'meeting',
      title: 'Réunion publique',
      description: '',
      place: 'Salle des fêtes',
      onlineUrl: null,
      startsAt: '2030-04-02T18:00:00+02:00',
      endsAt: '2030-04-02T20:00:00+02:00',
      capacity: 5,
      hostUserId: null,
      callCampaignId: null,
      status: 'published',
      isPublic: true,
      shifts: [],
    });
    const shiftId = event.shifts[0]!.id;
    const form = { ...volunteer(1000), shiftId };
    const [a, b] = await Promise.all([publicSignup(ctx, org.slug, event.id, form, 'fr'), publicSignup(ctx, org.slug, event.id, form, 'fr')]);
    expect([a.status, b.status]).toEqual(['confirmed', 'confirmed']);
    const count = await inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('shifts').select('confirmed_count').where('id', '=', shiftId).executeTakeFirstOrThrow());
    expect(count.confirmed_count).toBe(1);
  });
});
