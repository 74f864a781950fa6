import type { Event, PublicEvent, Shift, Signup } from '../../../shared/contracts/events.js';
import type { EventRow, ShiftRow, SignupRow } from './events.repository.js';

export function presentShift(row: ShiftRow): Shift {
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    capacity: row.capacity,
    confirmed: row.confirmed_count,
    waitlisted: Number(row.waitlisted ?? 0),
    remaining: row.capacity === null ? null : Math.max(0, row.capacity - row.confirmed_count),
  };
}

export function presentEvent(row: EventRow, shifts: readonly ShiftRow[]): Event {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    description: row.description,
    place: row.place,
    onlineUrl: row.online_url,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    capacity: row.capacity,
    hostUserId: row.host_user_id,
    hostName: row.host_name ?? null,
    callCampaignId: row.call_campaign_id,
    status: row.status,
    isPublic: row.is_public,
    shifts: shifts.filter((s) => s.event_id === row.id).map(presentShift),
  };
}

/** What the public sees of an event: no host, no campaign, no internal status. */
export function presentPublicEvent(row: EventRow, shifts: readonly ShiftRow[]): PublicEvent {
  const event = presentEvent(row, shifts);
  return {
    id: event.id,
    kind: event.kind,
    title: event.title,
    description: event.description,
    place: event.place,
    onlineUrl: event.onlineUrl,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    // Counts of other volunteers stay private; places left are what a visitor needs.
    shifts: event.shifts.map((s) => ({ ...s, confirmed: 0, waitlisted: 0 })),
  };
}

export function presentSignup(row: SignupRow): Signup {
  return {
    id: row.id,
    shiftId: row.shift_id,
    personId: row.person_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    phone: row.mobile_e164 ?? row.phone_e164,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    checkedInAt: row.checked_in_at?.toISOString() ?? null,
  };
}
