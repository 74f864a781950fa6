import type { ColumnType, Generated } from 'kysely';

/** Kysely types of 0010_events_mail (events, shifts, sign-ups, recruiter links, e-mail); part of `DB`. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
type Id = ColumnType<string, string | number | undefined, never>;
type RefId = ColumnType<string, string | number, string | number>;
type NullableRefId = ColumnType<string | null, string | number | null | undefined, string | number | null>;

export type EventKind = 'phone_bank' | 'canvass' | 'meeting';
export type EventStatus = 'draft' | 'published' | 'cancelled';
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in' | 'no_show';
export type MailTemplateKey = 'signup_confirmation' | 'reminder_day_before' | 'caller_invitation' | 'thank_you_after_event';
export type MailKind = 'transactional' | 'marketing';
export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface EventsTable {
  org_id: string;
  id: Id;
  kind: EventKind;
  title: string;
  description: Generated<string>;
  place: string | null;
  online_url: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  host_user_id: string | null;
  call_campaign_id: NullableRefId;
  status: Generated<EventStatus>;
  is_public: Generated<boolean>;
  reminder_sent_at: NullableTimestamp;
  thank_you_sent_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ShiftsTable {
  org_id: string;
  id: Id;
  event_id: RefId;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  confirmed_count: Generated<number>;
  created_at: Generated<Date>;
}

export interface SignupsTable {
  org_id: string;
  id: Id;
  event_id: RefId;
  shift_id: RefId;
  person_id: RefId;
  status: SignupStatus;
  cancel_token_hash: Buffer;
  locale: Generated<'fr' | 'en'>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  checked_in_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
}

export interface RecruiterLinksTable {
  org_id: string;
  person_id: RefId;
  token: string;
  created_at: Generated<Date>;
}

export interface MailTemplatesTable {
  org_id: string;
  key: MailTemplateKey;
  locale: 'fr' | 'en';
  subject: string;
  body: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

export interface OutboxTable {
  org_id: string;
  id: Id;
  person_id: NullableRefId;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: Json<OutboxAttachment[]>;
  template_key: string | null;
  kind: MailKind;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface VolunteerSettingsTable {
  org_id: string;
  recruitment_path_id: string | null;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface PublicFormHitsTable {
  id: Generated<string>;
  key: string;
  at: Date;
}

export interface EventsMailTables {
  volunteer_settings: VolunteerSettingsTable;
  public_form_hits: PublicFormHitsTable;
  events: EventsTable;
  shifts: ShiftsTable;
  signups: SignupsTable;
  recruiter_links: RecruiterLinksTable;
  mail_templates: MailTemplatesTable;
  outbox: OutboxTable;
}
