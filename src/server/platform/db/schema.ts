import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { EventsMailTables } from './schema-events-mail.js';
import type { MetricsTables } from './schema-metrics.js';
import type { PeopleContactsTables } from './schema-people-contacts.js';
import type { ProxiesTables } from './schema-proxies.js';

/**
 * The typed mirror of db/migrations, one interface per table, for Kysely. Add a block here with
 * each migration that adds tables. Columns with defaults are Generated; timestamps read as Date.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
/** bigint identity columns come back from pg as strings; we keep them as strings end to end. */
type Id = ColumnType<string, string | number | undefined, never>;
type RefId = ColumnType<string, string | number, string | number>;

// 0001_platform

export interface OrganizationsTable {
  id: string;
  parent_id: string | null;
  slug: string;
  name: string;
  time_zone: Generated<string>;
  locale: Generated<'fr' | 'en'>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  email_normalized: ColumnType<string, never, never>;
  password_hash: string | null;
  name: string;
  locale: 'fr' | 'en' | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PermissionSetsTable {
  org_id: string;
  id: Id;
  key: string | null;
  name: string;
  capabilities: string[];
  builtin: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  permission_set_id: RefId;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  current_org_id: string | null;
  locale: 'fr' | 'en' | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface MagicLinksTable {
  token_hash: Buffer;
  user_id: string;
  org_id: string;
  redirect_path: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  key: string;
  attempted_at: Timestamp;
}

export interface AuditLogTable {
  org_id: string;
  id: Id;
  user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

// 0002_people

export type LegalBasis = 'consent' | 'member' | 'regular_contact' | 'electoral_list';

export interface PeopleTable {
  org_id: string;
  id: Id;
  external_id: string | null;
  first_name: Generated<string>;
  last_name: Generated<string>;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  email: string | null;
  email_normalized: ColumnType<string | null, never, never>;
  mobile_e164: string | null;
  mobile_raw: string | null;
  mobile_valid: Generated<boolean>;
  phone_e164: string | null;
  phone_raw: string | null;
  phone_valid: Generated<boolean>;
  address_line1: string | null;
  address_line2: string | null;
  postal_code: string | null;
  city: string | null;
  commune_code: string | null;
  polling_station_code: string | null;
  constituency_code: string | null;
  support_level: number | null;
  is_volunteer: Generated<boolean>;
  recruiter_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  do_not_call: Generated<boolean>;
  do_not_call_at: NullableTimestamp;
  do_not_call_reason: string | null;
  do_not_email: Generated<boolean>;
  do_not_email_at: NullableTimestamp;
  do_not_email_reason: string | null;
  do_not_text: Generated<boolean>;
  do_not_text_at: NullableTimestamp;
  do_not_text_reason: string | null;
  data_source: Generated<string>;
  legal_basis: LegalBasis;
  custom_fields: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  last_contacted_at: NullableTimestamp;
  /** Folded names, e-mail and delimited phones, for free-text search: set by a trigger (0006_lists, 0023), or by the import's raw SQL. */
  search_text: ColumnType<string, never, never>;
}

export interface TagsTable {
  org_id: string;
  id: Id;
  name: string;
  created_at: Generated<Date>;
}

export interface PersonTagsTable {
  org_id: string;
  tag_id: RefId;
  person_id: RefId;
  created_at: Generated<Date>;
  /** The person's support level (0: none), copied by triggers (0022_person_tags_level.sql); only the import gives it. */
  support_level: Generated<number>;
}

// 0003_instance

export interface InstanceSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
}

// 0004_jobs

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobsTable {
  org_id: string;
  id: Id;
  kind: string;
  status: Generated<JobStatus>;
  payload: Json<Record<string, unknown>>;
  state: Json<Record<string, unknown>>;
  progress_done: ColumnType<string, string | number | undefined, string | number>;
  progress_total: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  attempts: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface JobQueueTable {
  org_id: string;
  job_id: RefId;
  kind: string;
  run_after: Timestamp;
  locked_until: NullableTimestamp;
}

// 0005_people_profiles

export type ContactType = 'phone_call' | 'door_knock' | 'email' | 'text' | 'meeting' | 'event';
export type ContactStatus =
  | 'answered'
  | 'no_answer'
  | 'left_message'
  | 'wrong_number'
  | 'refused'
  | 'do_not_contact'
  | 'meaningful_conversation'
  | 'busy'
  | 'callback_requested';

export interface ContactsTable {
  org_id: string;
  id: Id;
  /** null once the person was erased: the row only counts. */
  person_id: ColumnType<string | null, string | number | null, string | number | null>;
  type: ContactType;
  status: ContactStatus;
  notes: string | null;
  made_by: string | null;
  made_at: Timestamp;
  campaign_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  script_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Generated<Date>;
}

export interface SuppressionsTable {
  org_id: string;
  kind: 'phone' | 'email';
  value_hash: Buffer;
  reason: Generated<string>;
  created_at: Generated<Date>;
}

// 0008_scripts_paths

export type ScriptLanguage = 'fr' | 'en';

export interface ScriptsTable {
  org_id: string;
  id: Id;
  name: string;
  language: Generated<ScriptLanguage>;
  /** The draft ScriptDocument, validated before every save. */
  document: Json<unknown>;
  draft_revision: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_by: string | null;
  updated_at: Timestamp;
  archived_at: NullableTimestamp;
}

export interface ScriptVersionsTable {
  org_id: string;
  id: Id;
  script_id: RefId;
  version: number;
  name: string;
  language: ScriptLanguage;
  document: Json<unknown>;
  published_by: string | null;
  published_at: Timestamp;
}

export interface PathsTable {
  org_id: string;
  id: Id;
  name: string;
  description: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PathStepsTable {
  org_id: string;
  id: Id;
  path_id: RefId;
  position: number;
  name: string;
  key: string | null;
  created_at: Generated<Date>;
}

export type PathReasonKind = 'completion' | 'abandon';

export interface PathReasonsTable {
  org_id: string;
  id: Id;
  path_id: RefId;
  kind: PathReasonKind;
  position: Generated<number>;
  label: string;
  key: string | null;
  created_at: Generated<Date>;
}

export type PathPersonStatus = 'active' | 'completed' | 'abandoned';
type NullableRefId = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export interface PathPeopleTable {
  org_id: string;
  path_id: RefId;
  person_id: RefId;
  status: Generated<PathPersonStatus>;
  step_id: NullableRefId;
  reason_id: NullableRefId;
  point_person_id: string | null;
  added_at: Timestamp;
  step_entered_at: Timestamp;
  finished_at: NullableTimestamp;
  updated_at: Timestamp;
}

export type PathEventKind = 'added' | 'moved' | 'completed' | 'abandoned' | 'reopened' | 'assigned';

export interface PathEventsTable {
  org_id: string;
  id: Id;
  path_id: RefId;
  person_id: RefId;
  kind: PathEventKind;
  from_step_id: NullableRefId;
  to_step_id: NullableRefId;
  reason_id: NullableRefId;
  point_person_id: string | null;
  by_user_id: string | null;
  call_id: NullableRefId;
  at: Timestamp;
}

// 0009_callbank

export type CallCampaignMode = 'shared_pool' | 'split';
export type CallCampaignStatus = 'draft' | 'active' | 'paused' | 'done';
export type CallTargetStatus = 'queued' | 'claimed' | 'done' | 'callback' | 'exhausted' | 'excluded';
export type CallOutcome = 'no_answer' | 'voicemail' | 'busy' | 'wrong_number' | 'refused' | 'callback' | 'talked' | 'do_not_call';

export interface CallCampaignsTable {
  org_id: string;
  id: Id;
  name: string;
  script_version_id: RefId;
  path_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  source_filter: ColumnType<unknown, string | null | undefined, string | null>;
  source_list_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  time_zone: Generated<string>;
  /** 'HH:MM:SS' local wall-clock time. */
  hours_start: Generated<string>;
  hours_end: Generated<string>;
  weekday_hours: Json<Record<string, { start: string; end: string } | null>>;
  max_attempts: Generated<number>;
  retry_delay_minutes: Generated<number>;
  claim_timeout_seconds: Generated<number>;
  mode: Generated<CallCampaignMode>;
  excluded_support_levels: Generated<number[]>;
  briefing: Generated<string>;
  status: Generated<CallCampaignStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface CallCampaignCallersTable {
  org_id: string;
  campaign_id: RefId;
  user_id: string;
  created_at: Generated<Date>;
}

export interface CallTargetsTable {
  org_id: string;
  id: Id;
  campaign_id: RefId;
  person_id: RefId;
  status: Generated<CallTargetStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  assigned_caller: string | null;
  claimed_by: string | null;
  claimed_at: NullableTimestamp;
  claim_expires_at: NullableTimestamp;
  last_outcome: CallOutcome | null;
  updated_at: Timestamp;
}

export interface CallsTable {
  org_id: string;
  id: Id;
  client_call_id: string;
  campaign_id: RefId;
  /** null once the person was erased (their targets go with them; the call stays for counts). */
  target_id: ColumnType<string | null, string | number, string | number>;
  person_id: ColumnType<string | null, string | number | null, string | number | null>;
  caller_id: string | null;
  script_version_id: RefId;
  outcome: CallOutcome;
  answers: Json<Record<string, string>>;
  notes: string | null;
  started_at: NullableTimestamp;
  ended_at: Timestamp;
  callback_at: NullableTimestamp;
  created_at: Generated<Date>;
}

// 0007_imports

export type ImportStatus = 'uploaded' | 'started' | 'succeeded' | 'failed';
type Count = ColumnType<string, string | number | undefined, string | number>;

export interface ImportsTable {
  org_id: string;
  id: Id;
  file_name: string;
  file_size: ColumnType<string, string | number | undefined, string | number>;
  file_sha256: string | null;
  encoding: string;
  delimiter: string;
  headers: Json<string[]>;
  sample: Json<string[][]>;
  proposed_mapping: Json<unknown[]>;
  mapping: ColumnType<unknown[] | null, string | null | undefined, string | null>;
  data_source: string | null;
  legal_basis: LegalBasis | null;
  tags: Generated<string[]>;
  status: Generated<ImportStatus>;
  job_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  rows_read: Count;
  created_count: Count;
  updated_count: Count;
  unchanged_count: Count;
  duplicate_count: Count;
  skipped_count: Count;
  suppressed_count: Count;
  warning_count: Count;
  merge_sample: Json<unknown[]>;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface ImportFileChunksTable {
  org_id: string;
  import_id: RefId;
  seq: number;
  data: Buffer;
}

export interface ImportErrorsTable {
  org_id: string;
  import_id: RefId;
  id: Id;
  line: number;
  severity: 'skipped' | 'warning';
  code: string;
  column_name: string | null;
  value: string | null;
  params: Json<Record<string, unknown>>;
}

// 0006_lists

export type ListKind = 'dynamic' | 'static';

export interface ListsTable {
  org_id: string;
  id: Id;
  name: string;
  description: Generated<string>;
  kind: ListKind;
  /** A FilterGroup (src/shared/people/filter.ts): the definition of a dynamic list. */
  filter: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ListMembersTable {
  org_id: string;
  list_id: RefId;
  person_id: RefId;
  added_at: Generated<Date>;
}

export interface DB extends EventsMailTables, ProxiesTables, MetricsTables, PeopleContactsTables {
  call_campaigns: CallCampaignsTable;
  call_campaign_callers: CallCampaignCallersTable;
  call_targets: CallTargetsTable;
  calls: CallsTable;
  scripts: ScriptsTable;
  script_versions: ScriptVersionsTable;
  paths: PathsTable;
  path_steps: PathStepsTable;
  path_reasons: PathReasonsTable;
  path_people: PathPeopleTable;
  path_events: PathEventsTable;
  jobs: JobsTable;
  job_queue: JobQueueTable;
  instance_settings: InstanceSettingsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  permission_sets: PermissionSetsTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  magic_links: MagicLinksTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  people: PeopleTable;
  tags: TagsTable;
  person_tags: PersonTagsTable;
  imports: ImportsTable;
  import_file_chunks: ImportFileChunksTable;
  import_errors: ImportErrorsTable;
  contacts: ContactsTable;
  suppressions: SuppressionsTable;
  lists: ListsTable;
  list_members: ListMembersTable;
}

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type User = Selectable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
