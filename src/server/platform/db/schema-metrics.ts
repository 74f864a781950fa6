import type { ColumnType, Generated } from 'kysely';

/** Kysely types of 0012_metrics (counters kept by the calls trigger, shared links); part of `DB`. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = ColumnType<string, string | number | undefined, never>;
type RefId = ColumnType<string, string | number, string | number>;
type Day = ColumnType<string, string, string>;

export interface CallStatsHourlyTable {
  org_id: string;
  campaign_id: RefId;
  hour: Timestamp;
  shard: number;
  outcome: string;
  calls: number;
  seconds: ColumnType<string, string | number, string | number>;
  timed_calls: number;
}

export interface CallerStatsDailyTable {
  org_id: string;
  campaign_id: RefId;
  day: Day;
  caller_id: string;
  calls: number;
  conversations: number;
  last_call_at: Timestamp;
}

export interface ScriptAnswerStatsTable {
  org_id: string;
  campaign_id: RefId;
  script_version_id: RefId;
  day: Day;
  shard: number;
  question_id: string;
  choice_id: string;
  answers: number;
}

export interface SectionReachStatsTable {
  org_id: string;
  campaign_id: RefId;
  script_version_id: RefId;
  day: Day;
  shard: number;
  section_id: string;
  reached: number;
  ended_here: number;
}

export interface SupportLevelStatsTable {
  org_id: string;
  campaign_id: RefId;
  day: Day;
  shard: number;
  talked: boolean;
  level_before: number;
  level_after: number;
  calls: number;
}

export interface MetricsShareLinksTable {
  org_id: string;
  id: Id;
  token_hash: Buffer;
  campaign_id: RefId;
  label: Generated<string>;
  show_caller_names: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: NullableTimestamp;
}

export interface MetricsTables {
  call_stats_hourly: CallStatsHourlyTable;
  caller_stats_daily: CallerStatsDailyTable;
  script_answer_stats: ScriptAnswerStatsTable;
  section_reach_stats: SectionReachStatsTable;
  support_level_stats: SupportLevelStatsTable;
  metrics_share_links: MetricsShareLinksTable;
}
