import { CALL_OUTCOMES, type CallOutcomeName } from '../../../shared/contracts/callbank.js';
import { ANSWERED_OUTCOMES, type FunnelScript, type MetricsDashboard } from '../../../shared/contracts/metrics.js';
import type { ScriptDocument } from '../../../shared/scripts/script.schema.js';
import type { Tx } from '../../platform/db/database.js';
import * as eventStats from './metrics.event-stats.js';
import * as repo from './metrics.repository.js';

export const LEADERBOARD_SIZE = 20;
/** Per-event totals list at most this many events (the newest). */
export const EVENTS_SIZE = 200;

/** What a dashboard is built for: the scope, the clock, and whether callers' first names may show. */
export interface DashboardRequest extends repo.StatsScope {
  campaignName: string | null;
  /** One event's dashboard: its callers' calls on its campaign during it. */
  event: { id: string; title: string; startsAt: string; endsAt: string } | null;
  now: Date;
  showCallerNames: boolean;
  /** Shared links list only the events shown on the public page. */
  publicEventsOnly: boolean;
}

// Organization and campaign dashboards read the counters; an event's reads its calls.
function readerFor(req: DashboardRequest) {
  if (!req.event) return repo;
  const scope: eventStats.EventStatsScope = { ...req, eventId: req.event.id };
  // One replay of the script serves the support levels, the funnel and the answers.
  let script: Promise<eventStats.EventScriptStats> | null = null;
  const scriptStats = (tx: Tx) => (script ??= eventStats.scriptStats(tx, scope));
  return {
    hourlyOutcomes: (tx: Tx) => eventStats.hourlyOutcomes(tx, scope),
    todayCounts: (tx: Tx, _s: repo.StatsScope, now: Date) => eventStats.todayCounts(tx, scope, now),
    recentActivity: (tx: Tx, _s: repo.StatsScope, now: Date) => eventStats.recentActivity(tx, scope, now),
    leaderboard: (tx: Tx, _s: repo.StatsScope, limit: number) => eventStats.leaderboard(tx, scope, limit),
    supportLevels: async (tx: Tx) => (await scriptStats(tx)).support,
    sectionReach: async (tx: Tx) => (await scriptStats(tx)).reach,
    answerCounts: async (tx: Tx) => (await scriptStats(tx)).answers,
  };
}

const ANSWERED = new Set<string>(ANSWERED_OUTCOMES);
const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const emptyOutcomes = (): Record<CallOutcomeName, number> => Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcomeName, number>;
const isOutcome = (value: string): value is CallOutcomeName => (CALL_OUTCOMES as readonly string[]).includes(value);

/** A caller's first name: what a room or a shared dashboard may show of them. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/**
 * Builds a whole dashboard from the counters (never from the calls themselves, except the last
 * hour): every figure is a sum over pre-aggregated rows, so it stays fast with a million calls.
 */
export async function buildDashboard(tx: Tx, req: DashboardRequest): Promise<MetricsDashboard> {
  const read = readerFor(req);
  const [hourly, today, recent, leaders, support, reach, answers, events, proxies] = await Promise.all([
    read.hourlyOutcomes(tx, req),
    read.todayCounts(tx, req, req.now),
    read.recentActivity(tx, req, req.now),
    read.leaderboard(tx, req, LEADERBOARD_SIZE),
    read.supportLevels(tx, req),
    read.sectionReach(tx, req),
    read.answerCounts(tx, req),
    // An event's own row holds its whole totals, whatever the date range.
    eventStats.eventTotals(
      tx,
      { ...req, from: req.event ? null : req.from, to: req.event ? null : req.to, eventId: req.event?.id ?? null, publicOnly: req.publicEventsOnly },
      EVENTS_SIZE,
    ),
    // An event's: recruited on its campaign while it ran.
    repo.proxiesRecruited(tx, req, req.event ? { from: new Date(req.event.startsAt), to: new Date(req.event.endsAt) } : null),
  ]);

  const outcomes = emptyOutcomes();
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, calls: 0, answered: 0, conversations: 0, answerRate: 0 }));
  const byWeekday = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, calls: 0, answered: 0, conversations: 0, answerRate: 0 }));
  const days = new Map<string, { day: string; calls: number; outcomes: Record<CallOutcomeName, number> }>();
  let seconds = 0;
  let timed = 0;
  for (const row of hourly) {
    if (!isOutcome(row.outcome)) continue;
    outcomes[row.outcome] += row.calls;
    seconds += row.seconds;
    timed += row.timed;
    const answered = ANSWERED.has(row.outcome) ? row.calls : 0;
    const talked = row.outcome === 'talked' ? row.calls : 0;
    for (const bucket of [byHour[row.hour], byWeekday[row.weekday - 1]]) {
      if (!bucket) continue;
      bucket.calls += row.calls;
      bucket.answered += answered;
      bucket.conversations += talked;
    }
    let day = days.get(row.day);
    if (!day) days.set(row.day, (day = { day: row.day, calls: 0, outcomes: emptyOutcomes() }));
    day.calls += row.calls;
    day.outcomes[row.outcome] += row.calls;
  }
  for (const bucket of [...byHour, ...byWeekday]) bucket.answerRate = rate(bucket.answered, bucket.calls);

  const calls = CALL_OUTCOMES.reduce((sum, o) => sum + outcomes[o], 0);
  const answered = ANSWERED_OUTCOMES.reduce((sum, o) => sum + outcomes[o], 0);
  const conversations = outcomes.talked;

  const reached = new Map<number, number>();
  const changes: { from: number; to: number; calls: number }[] = [];
  for (const row of support) {
    if (row.talked) reached.set(row.level_after, (reached.get(row.level_after) ?? 0) + row.calls);
    if (row.level_before !== row.level_after) changes.push({ from: row.level_before, to: row.level_after, calls: row.calls });
  }
  const mergedChanges = new Map<string, { from: number; to: number; calls: number }>();
  for (const c of changes) {
    const key = `${c.from}>${c.to}`;
    const prev = mergedChanges.get(key);
    if (prev) prev.calls += c.calls;
    else mergedChanges.set(key, { ...c });
  }

  return {
    generatedAt: req.now.toISOString(),
    timeZone: req.timeZone,
    campaign: req.campaignId && req.campaignName !== null ? { id: req.campaignId, name: req.campaignName } : null,
    event: req.event,
    filter: { from: req.from, to: req.to },
    summary: {
      calls,
      conversations,
      answered,
      contactRate: rate(answered, calls),
      conversationRate: rate(conversations, calls),
      averageCallSeconds: timed === 0 ? null : Math.round(seconds / timed),
      outcomes,
      reachedBySupportLevel: [0, 1, 2, 3, 4, 5].map((level) => ({ level, conversations: reached.get(level) ?? 0 })),
      supportChanges: [...mergedChanges.values()].sort((a, b) => a.from - b.from || a.to - b.to),
      proxiesRecruited: proxies,
    },
    live: {
      activeCallers: recent.activeCallers,
      callsLastHour: recent.lastHour,
      callsToday: today.calls,
      conversationsToday: today.talked,
    },
    charts: {
      byHourOfDay: byHour,
      byWeekday,
      overTime: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
      funnel: await funnel(tx, req.orgId, reach, answers),
      leaderboard: leaders.map((l, i) => ({
        rank: i + 1,
        firstName: req.showCallerNames ? firstNameOf(l.name) : null,
        calls: l.calls,
        conversations: l.conversations,
      })),
      events: events.map((e) => ({
        id: e.id,
        title: e.title,
        kind: e.kind as 'phone_bank' | 'canvass' | 'meeting',
        startsAt: e.starts_at.toISOString(),
        endsAt: e.ends_at.toISOString(),
        campaignId: e.campaign_id,
        calls: e.calls,
        answered: e.answered,
        conversations: e.conversations,
        contactRate: rate(e.answered, e.calls),
        signedUp: e.signed_up,
        checkedIn: e.checked_in,
      })),
    },
  };
}

/**
 * The script funnel per script version, in the script's own section order: how many calls reached
 * each section, how many ended there, and how each question was answered.
 */
async function funnel(
  tx: Tx,
  orgId: string,
  reach: Awaited<ReturnType<typeof repo.sectionReach>>,
  answers: Awaited<ReturnType<typeof repo.answerCounts>>,
): Promise<FunnelScript[]> {
  const versionIds = [...new Set([...reach.map((r) => r.script_version_id), ...answers.map((a) => a.script_version_id)])];
  const versions = await repo.scriptVersions(tx, orgId, versionIds);
  return versions.map((version) => {
    const doc = version.document as ScriptDocument;
    const reachOf = new Map(reach.filter((r) => r.script_version_id === version.id).map((r) => [r.section_id, r]));
    const answerOf = new Map(answers.filter((a) => a.script_version_id === version.id).map((a) => [`${a.question_id}\u0000${a.choice_id}`, a.answers]));
    return {
      scriptVersionId: version.id,
      name: version.name,
      version: version.version,
      sections: doc.sections.map((section) => ({
        id: section.id,
        title: section.title,
        reached: reachOf.get(section.id)?.reached ?? 0,
        endedHere: reachOf.get(section.id)?.ended_here ?? 0,
        questions: (section.questions ?? []).map((question) => {
          const choices = (question.choices ?? []).map((choice) => ({ id: choice.id, label: choice.label, answers: answerOf.get(`${question.id}\u0000${choice.id}`) ?? 0 }));
          const answered = question.kind === 'choice' ? choices.reduce((sum, c) => sum + c.answers, 0) : (answerOf.get(`${question.id}\u0000`) ?? 0);
          return { id: question.id, label: question.label, kind: question.kind, answered, choices };
        }),
      })),
    };
  });
}
