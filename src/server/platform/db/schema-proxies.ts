import type { ColumnType, Generated } from 'kysely';

/** Kysely types of 0011_proxies and 0016_proxy_rounds (vote proxies: rounds, requests, offers, matches, reminders, geography); part of `DB`. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = ColumnType<string, string | number | undefined, never>;
type RefId = ColumnType<string, string | number, string | number>;
/** date[]: written as 'YYYY-MM-DD' strings; read them with `rounds::text[]` (pg parses date[] to Date). */
type Rounds = ColumnType<string[], string[], string[]>;

export type ProxyOrigin = 'public_form' | 'call' | 'organizer';
export type ProxyRequestStatus = 'open' | 'matched' | 'done' | 'cancelled';
export type ProxyOfferStatus = 'available' | 'withdrawn';
export type ProxyMatchStatus = 'proposed' | 'accepted' | 'giver_informed' | 'established' | 'confirmed_by_holder' | 'voted' | 'rejected' | 'cancelled';
export type ProxyMatchLevel = 'station' | 'commune' | 'epci' | 'departement' | 'distance' | 'manual';

export interface ProxyRequestsTable {
  org_id: string;
  id: Id;
  person_id: RefId;
  commune_code: string;
  polling_station_code: string | null;
  rounds: Rounds;
  established_abroad: Generated<boolean>;
  status: Generated<ProxyRequestStatus>;
  origin: ProxyOrigin;
  consent_at: NullableTimestamp;
  locale: Generated<'fr' | 'en'>;
  /** The call campaign and call whose script recorded the need (0016). */
  campaign_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  call_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProxyOffersTable {
  org_id: string;
  id: Id;
  person_id: RefId;
  commune_code: string;
  polling_station_code: string | null;
  rounds: Rounds;
  max_travel_km: number | null;
  proxies_held: Generated<number>;
  proxies_held_in_france: Generated<number>;
  voter_number: string | null;
  status: Generated<ProxyOfferStatus>;
  origin: ProxyOrigin;
  consent_at: NullableTimestamp;
  locale: Generated<'fr' | 'en'>;
  campaign_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  call_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ProxyMatchesTable {
  org_id: string;
  id: Id;
  request_id: RefId;
  offer_id: RefId;
  rounds: Rounds;
  established_abroad: Generated<boolean>;
  level: ProxyMatchLevel;
  full_coverage: Generated<boolean>;
  distance_km: number | null;
  score: Generated<number>;
  status: Generated<ProxyMatchStatus>;
  proposed_at: Timestamp;
  accepted_at: NullableTimestamp;
  giver_informed_at: NullableTimestamp;
  established_at: NullableTimestamp;
  confirmed_by_holder_at: NullableTimestamp;
  voted_at: NullableTimestamp;
  rejected_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  giver_message: string | null;
  holder_message: string | null;
  messages_at: NullableTimestamp;
  note: string | null;
  updated_at: Timestamp;
}

export interface CommuneCoordinatesTable {
  org_id: string;
  commune_code: string;
  lat: number;
  lon: number;
}

export interface ProxyPollingStationsTable {
  org_id: string;
  code: string;
  commune_code: string;
  name: Generated<string>;
  address: Generated<string>;
}

/** An election round an organization collects proxies for (0016); dates are 'YYYY-MM-DD' (read with ::text). */
export interface ProxyRoundsTable {
  org_id: string;
  id: Id;
  label: string;
  /** The label English-speaking visitors see (0021); null: `label` for everyone. */
  label_en: ColumnType<string | null, string | null | undefined, string | null>;
  round_date: ColumnType<string, string, string>;
  deadline: ColumnType<string, string, string>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export type ProxyReminderKind = 'establish' | 'round';

/** A reminder one side of a match was sent, once (0016). */
export interface ProxyRemindersTable {
  org_id: string;
  match_id: RefId;
  round_date: ColumnType<string, string, string>;
  kind: ProxyReminderKind;
  side: 'giver' | 'holder';
  outbox_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  skipped: 'no_email' | 'do_not_email' | null;
  sent_at: Timestamp;
}

export interface ProxiesTables {
  proxy_rounds: ProxyRoundsTable;
  proxy_reminders: ProxyRemindersTable;
  proxy_requests: ProxyRequestsTable;
  proxy_offers: ProxyOffersTable;
  proxy_matches: ProxyMatchesTable;
  commune_coordinates: CommuneCoordinatesTable;
  proxy_polling_stations: ProxyPollingStationsTable;
}
