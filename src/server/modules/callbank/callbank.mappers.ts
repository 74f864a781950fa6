import type { CallingHours } from '../../../shared/callbank/calling-hours.js';
import type { Campaign, Claim } from '../../../shared/contracts/callbank.js';
import type { CampaignRow } from './callbank.repository.js';

/** What the claim statement returns: the target and only the person's fields a caller may see. */
export interface ClaimRow {
  target_id: string;
  status: string;
  attempts: number;
  claim_expires_at: Date | null;
  first_name: string;
  last_name: string;
  city: string | null;
  mobile_e164: string | null;
  mobile_valid: boolean;
  phone_e164: string | null;
  phone_valid: boolean;
}

const hhmm = (time: string) => time.slice(0, 5);

/** The campaign's calling hours, for the shared time-window check. */
export function callingHoursOf(row: Pick<CampaignRow, 'time_zone' | 'hours_start' | 'hours_end' | 'weekday_hours'>): CallingHours {
  return { timeZone: row.time_zone, start: hhmm(row.hours_start), end: hhmm(row.hours_end), weekdays: row.weekday_hours };
}

/** A held target as the caller's screen shows it: first name, last name, commune, one phone to dial. */
export function presentClaim(row: ClaimRow): Claim {
  const phone = row.mobile_valid && row.mobile_e164 ? row.mobile_e164 : row.phone_valid && row.phone_e164 ? row.phone_e164 : (row.mobile_e164 ?? row.phone_e164);
  return {
    targetId: row.target_id,
    attempts: row.attempts,
    claimExpiresAt: (row.claim_expires_at ?? new Date(0)).toISOString(),
    person: { firstName: row.first_name, lastName: row.last_name, commune: row.city, phone: phone ?? null },
  };
}

/** A campaign as organizers see it. */
export function presentCampaign(row: CampaignRow, targetCount: number): Campaign {
  return {
    id: row.id,
    name: row.name,
    scriptVersionId: row.script_version_id,
    pathId: row.path_id,
    timeZone: row.time_zone,
    hoursStart: hhmm(row.hours_start),
    hoursEnd: hhmm(row.hours_end),
    weekdayHours: row.weekday_hours as Campaign['weekdayHours'],
    maxAttempts: row.max_attempts,
    retryDelayMinutes: row.retry_delay_minutes,
    claimTimeoutSeconds: row.claim_timeout_seconds,
    mode: row.mode,
    excludedSupportLevels: row.excluded_support_levels.map(Number),
    briefing: row.briefing,
    status: row.status,
    targetCount,
    createdAt: row.created_at.toISOString(),
  };
}
