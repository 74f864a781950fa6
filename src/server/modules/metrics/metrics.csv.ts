import { CALL_OUTCOMES } from '../../../shared/contracts/callbank.js';
import type { MetricsChartName, MetricsDashboard, NetworkRollup } from '../../../shared/contracts/metrics.js';

type Cell = string | number | null;

/**
 * The numbers behind one chart as CSV, for a spreadsheet: UTF-8 with a byte order mark (French
 * Excel shows accents), `;` separators and decimal commas as French Excel expects, CRLF line ends.
 * Text cells (script titles and labels written by organizers) that a spreadsheet would run as a
 * formula get a leading apostrophe.
 *
 * @example
 * chartCsv(dashboard, 'by-hour') // "\uFEFFhour;calls;answered;conversations;answer_rate\r\n0;0;0;0;0\r\n…"
 */
export function chartCsv(d: MetricsDashboard, chart: MetricsChartName): string {
  const [header, rows] = table(d, chart);
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}

/** A head office's roll-up as CSV (same format as the charts): one line per local, then the total. */
export function networkCsv(r: NetworkRollup): string {
  const header = ['organization', 'slug', 'depth', 'calls', 'answered', 'conversations', 'contact_rate', 'volunteers', 'proxy_requests', 'proxy_offers', 'proxies_established'];
  const line = (name: string, slug: string, depth: number | null, c: NetworkRollup['total']): Cell[] => [
    name,
    slug,
    depth,
    c.calls,
    c.answered,
    c.conversations,
    c.contactRate,
    c.volunteers,
    c.proxyRequests,
    c.proxyOffers,
    c.proxiesEstablished,
  ];
  const rows = [...r.locals.map((l) => line(l.name, l.slug, l.depth, l)), line('total', '', null, r.total)];
  return '\uFEFF' + [header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}

function table(d: MetricsDashboard, chart: MetricsChartName): [string[], Cell[][]] {
  const c = d.charts;
  switch (chart) {
    case 'summary':
      return [
        ['metric', 'value'],
        [
          ['calls', d.summary.calls],
          ['conversations', d.summary.conversations],
          ['answered', d.summary.answered],
          ['contact_rate', d.summary.contactRate],
          ['conversation_rate', d.summary.conversationRate],
          ['average_call_seconds', d.summary.averageCallSeconds],
          ['proxy_requests_recruited', d.summary.proxiesRecruited.requests],
          ['proxy_offers_recruited', d.summary.proxiesRecruited.offers],
          ['active_callers', d.live.activeCallers],
          ['calls_last_hour', d.live.callsLastHour],
          ['calls_today', d.live.callsToday],
          ['conversations_today', d.live.conversationsToday],
        ],
      ];
    case 'outcomes':
      return [['outcome', 'calls'], CALL_OUTCOMES.map((o) => [o, d.summary.outcomes[o]])];
    case 'by-hour':
      return [['hour', 'calls', 'answered', 'conversations', 'answer_rate'], c.byHourOfDay.map((b) => [b.hour, b.calls, b.answered, b.conversations, b.answerRate])];
    case 'by-weekday':
      return [['iso_weekday', 'calls', 'answered', 'conversations', 'answer_rate'], c.byWeekday.map((b) => [b.weekday, b.calls, b.answered, b.conversations, b.answerRate])];
    case 'over-time':
      return [['day', 'calls', ...CALL_OUTCOMES], c.overTime.map((day) => [day.day, day.calls, ...CALL_OUTCOMES.map((o) => day.outcomes[o])])];
    case 'funnel':
      return [
        ['script', 'version', 'section_id', 'section', 'reached', 'ended_here'],
        c.funnel.flatMap((s) => s.sections.map((sec) => [s.name, s.version, sec.id, sec.title, sec.reached, sec.endedHere])),
      ];
    case 'answers':
      return [
        ['script', 'version', 'section_id', 'question_id', 'question', 'choice_id', 'choice', 'answers'],
        c.funnel.flatMap((s) =>
          s.sections.flatMap((sec) =>
            sec.questions.flatMap((q) =>
              q.kind === 'text'
                ? [[s.name, s.version, sec.id, q.id, q.label, '', '', q.answered]]
                : q.choices.map((ch) => [s.name, s.version, sec.id, q.id, q.label, ch.id, ch.label, ch.answers]),
            ),
          ),
        ),
      ];
    case 'leaderboard':
      return [['rank', 'first_name', 'calls', 'conversations'], c.leaderboard.map((l) => [l.rank, l.firstName, l.calls, l.conversations])];
    case 'events':
      return [
        ['event_id', 'event', 'kind', 'starts_at', 'ends_at', 'calls', 'answered', 'conversations', 'contact_rate', 'signed_up', 'checked_in'],
        c.events.map((e) => [e.id, e.title, e.kind, e.startsAt, e.endsAt, e.calls, e.answered, e.conversations, e.contactRate, e.signedUp, e.checkedIn]),
      ];
    case 'support':
      return [
        ['kind', 'level_from', 'level_to', 'count'],
        [
          ...d.summary.reachedBySupportLevel.map((r): Cell[] => ['reached', null, r.level, r.conversations]),
          ...d.summary.supportChanges.map((s): Cell[] => ['change', s.from, s.to, s.calls]),
        ],
      ];
  }
}

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(Number.isInteger(value) ? value : Number(value.toFixed(4))).replace('.', ',');
  const safe = /^[\s]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) || /^[\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
