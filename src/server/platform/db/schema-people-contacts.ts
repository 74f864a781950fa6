import type { ColumnType, Generated } from 'kysely';

/** Kysely types of 0019_person_contacts (a person's additional e-mails and phones); part of `DB`. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = ColumnType<string, string | number | undefined, never>;
type RefId = ColumnType<string, string | number, string | number>;

export interface PersonEmailsTable {
  org_id: string;
  id: Id;
  person_id: RefId;
  email: string;
  /** lower(email), generated. */
  email_normalized: ColumnType<string, never, never>;
  search_text: ColumnType<string, never, never>;
  created_at: Timestamp;
}

export interface PersonPhonesTable {
  org_id: string;
  id: Id;
  person_id: RefId;
  kind: 'mobile' | 'landline';
  /** null when the number is not valid. */
  e164: string | null;
  raw: string;
  valid: Generated<boolean>;
  search_text: ColumnType<string, never, never>;
  created_at: Timestamp;
}

export interface PeopleContactsTables {
  person_emails: PersonEmailsTable;
  person_phones: PersonPhonesTable;
}
