import { CAPABILITIES } from '../../../shared/auth/capabilities.js';
import type { AppContext } from '../../platform/context.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { addCampaignCallers, createCampaign, setCampaignStatus } from '../callbank/callbank.service.js';
import { createEvent } from '../events/events.service.js';
import { createPath } from '../paths/paths.service.js';
import { createRound } from '../proxies/proxies.rounds.js';
import { createScript, publishScript } from '../scripts/scripts.service.js';

export interface DemoContent {
  campaignId: string;
  campaignName: string;
  eventId: string;
  rounds: string[];
}

const TIME_ZONE = 'Europe/Paris';

/**
 * What an organizer finds ready in the demo, so every screen has something to show on first
 * start: the two example scripts, published; a path and a shared-pool call campaign "Appel des
 * indécis" (weak support to weak opposition, with a mobile, not "do not call") handed to the demo
 * callers and open 9:00–21:00; a public phone bank next Saturday morning in two shifts, hosted by
 * the demo host and working that campaign; and two election rounds for vote proxies, so the
 * public proxy forms are open. Everything goes through the modules' services, as an organizer's
 * clicks would, so the demo holds only what the product itself can make.
 */
export async function seedDemoContent(
  ctx: AppContext,
  input: { orgId: string; slug: string; admin: { id: string; email: string; name: string }; callerIds: string[]; hostId: string },
): Promise<DemoContent> {
  const actor: OrgActor = {
    user: { id: input.admin.id, email: input.admin.email, name: input.admin.name, hasPassword: true },
    session: null,
    org: { id: input.orgId, slug: input.slug, name: 'Relais pour Lyon 2026', timeZone: TIME_ZONE, permissionSet: 'administrator', capabilities: new Set(CAPABILITIES) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
  const persuasion = await createScript(ctx, actor, { fromExample: 'persuasion', locale: 'fr' });
  const persuasionVersion = await publishScript(ctx, actor, persuasion.id);
  const gotv = await createScript(ctx, actor, { fromExample: 'gotvProxy', locale: 'fr' });
  await publishScript(ctx, actor, gotv.id);

  const path = await createPath(ctx, actor, { name: 'Appel des indécis', template: 'default' });
  const campaignName = 'Appel des indécis';
  const campaign = await createCampaign(ctx, actor, {
    name: campaignName,
    scriptVersionId: persuasionVersion.id,
    pathId: path.id,
    source: {
      peopleFilter: {
        op: 'and',
        children: [
          { type: 'supportLevel', levels: [2, 3, 4] },
          { type: 'hasMobile', value: true },
          { type: 'flag', flag: 'doNotCall', value: false },
        ],
      },
    },
    timeZone: TIME_ZONE,
    hoursStart: '09:00',
    hoursEnd: '21:00',
    weekdayHours: {},
    maxAttempts: 3,
    retryDelayMinutes: 240,
    claimTimeoutSeconds: 900,
    mode: 'shared_pool',
    excludedSupportLevels: [],
    briefing:
      'Merci d’appeler avec nous ! Présentez-vous par votre prénom et au nom de la campagne, restez courtois en toutes circonstances, ' +
      'n’insistez jamais, et notez « ne plus appeler » dès qu’on vous le demande. Ce que vous lisez à l’écran est confidentiel : ' +
      'ne le notez nulle part ailleurs.',
  });
  await setCampaignStatus(ctx, actor, campaign.id, 'active');
  if (input.callerIds.length > 0) await addCampaignCallers(ctx, actor, campaign.id, input.callerIds);

  const saturday = nextWeekday(ctx.clock(), 6, 2);
  const event = await createEvent(ctx, actor, {
    kind: 'phone_bank',
    title: 'Phoning du samedi matin',
    description: 'Venez avec votre téléphone chargé : nous appelons ensemble les indécis du quartier, café et croissants offerts.',
    place: 'Local de campagne, 12 rue de la République, 69002 Lyon',
    onlineUrl: null,
    startsAt: zoned(saturday, '10:00'),
    endsAt: zoned(saturday, '13:00'),
    capacity: 20,
    hostUserId: input.hostId,
    callCampaignId: campaign.id,
    status: 'published',
    isPublic: true,
    shifts: [
      { startsAt: zoned(saturday, '10:00'), endsAt: zoned(saturday, '11:30'), capacity: 10 },
      { startsAt: zoned(saturday, '11:30'), endsAt: zoned(saturday, '13:00'), capacity: 10 },
    ],
  });

  // The next election: a first round on a Sunday about three months ahead, the second two weeks later.
  const first = nextWeekday(new Date(ctx.clock().getTime() + 90 * 86_400_000), 0, 0);
  const second = new Date(first.getTime() + 14 * 86_400_000);
  const rounds = [];
  for (const [label, labelEn, date] of [
    ['1er tour', 'First round', first],
    ['2nd tour', 'Second round', second],
  ] as const) {
    rounds.push((await createRound(ctx, actor, { label, labelEn, date: isoDate(date) })).id);
  }
  return { campaignId: campaign.id, campaignName, eventId: event.id, rounds };
}

/** The first given weekday (0 Sunday … 6 Saturday) at least `minDays` after `from`, at noon UTC. */
function nextWeekday(from: Date, weekday: number, minDays: number): Date {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + minDays, 12));
  while (day.getUTCDay() !== weekday) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

function isoDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** `HH:MM` on `day` in Paris, as an ISO instant (the offset of that day: +01:00 in winter, +02:00 in summer). */
function zoned(day: Date, time: string): string {
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(day)
    .find((p) => p.type === 'timeZoneName')
    ?.value.replace('GMT', '');
  return new Date(`${isoDate(day)}T${time}:00${offset || '+00:00'}`).toISOString();
}
