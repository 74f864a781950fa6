import { beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { BUILTIN_CAPABILITIES } from '../../../shared/auth/capabilities.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { drainJobs } from '../../platform/jobs/jobs.js';
import { publicSignup } from './events.public.js';
import { createEvent, listSignups, updateEvent, updateSignup } from './events.service.js';

let ctx: TestContext;
let org: { id: string; slug: string };
let actor: OrgActor;

beforeAll(async () => {
  ctx = await createTestContext({ now: new Date('2030-01-01T00:00:00Z') });
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

const sent = (template: string) =>
  inOrg(ctx.database.db, { orgId: org.id }, (tx) => tx.selectFrom('outbox').select('to_address').where('template_key', '=', template).orderBy('to_address').execute());

describe('automatic event e-mails', () => {
  it('reminds confirmed volunteers the day before, follows a moved event, and thanks those who came', async () => {
    const base = {
      kind: 'phone_bank' as const,
      title: 'Phoning de fin de campagne',
      description: '',
      place: 'Permanence',
      onlineUrl: null,
      capacity: 1,
      hostUserId: null,
      callCampaignId: null,
      status: 'published' as const,
      isPublic: true,
      shifts: [],
    };
    const event = await createEvent(ctx, actor, { ...base, startsAt: '2030-02-10T09:00:00Z', endsAt: '2030-02-10T12:00:00Z' });
    const shiftId = event.shifts[0]!.id;
    for (const email of ['lou@example.test', 'max@example.test']) {
      await publicSignup(ctx, org.slug, event.id, { firstName: 'Lou', lastName: 'Test', email, phone: '', consent: true, shiftId }, 'fr');
    }
    // Moved one day later: the first reminder job finds it not yet due.
    await updateEvent(ctx, actor, event.id, { startsAt: '2030-02-11T09:00:00Z', endsAt: '2030-02-11T12:00:00Z' });
    ctx.setNow(new Date('2030-02-09T10:00:00Z'));
    await drainJobs(ctx);
    expect(await sent('reminder_day_before')).toEqual([]);

    ctx.setNow(new Date('2030-02-10T09:30:00Z'));
    await drainJobs(ctx);
    // Only the confirmed volunteer (the shift has one place; the other is waitlisted).
    expect(await sent('reminder_day_before')).toEqual([{ to_address: 'lou@example.test' }]);

    const { signups } = await listSignups(ctx, actor, event.id, { as: 'organizer' });
    const lou = signups.find((s) => s.email === 'lou@example.test')!;
    await updateSignup(ctx, actor, event.id, lou.id, 'checked_in', { as: 'organizer' });
    ctx.setNow(new Date('2030-02-11T15:00:00Z'));
    await drainJobs(ctx);
    expect(await sent('thank_you_after_event')).toEqual([{ to_address: 'lou@example.test' }]);
    // Nothing is sent twice.
    ctx.setNow(new Date('2030-02-12T15:00:00Z'));
    await drainJobs(ctx);
    expect(await sent('reminder_day_before')).toHaveLength(1);
    expect(await sent('thank_you_after_event')).toHaveLength(1);
  });
});
