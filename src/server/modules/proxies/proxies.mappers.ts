import type { ProxyMatch } from '../../../shared/contracts/proxies.js';
import type { MatchRow } from './proxies.repository.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A match as the API shows it: both sides with only what organizers need to follow it up. */
export function presentMatch(m: MatchRow): ProxyMatch {
  return {
    id: m.id,
    requestId: m.request_id,
    offerId: m.offer_id,
    status: m.status,
    level: m.level,
    fullCoverage: m.full_coverage,
    distanceKm: m.distance_km,
    rounds: m.rounds,
    establishedAbroad: m.established_abroad,
    giver: {
      personId: m.g_person_id,
      firstName: m.g_first_name,
      lastName: m.g_last_name,
      communeCode: m.r_commune_code,
      pollingStationCode: m.r_station,
      email: m.g_email,
      phone: m.g_mobile ?? m.g_phone,
    },
    holder: {
      personId: m.h_person_id,
      firstName: m.h_first_name,
      lastName: m.h_last_name,
      communeCode: m.o_commune_code,
      pollingStationCode: m.o_station,
      email: m.h_email,
      phone: m.h_mobile ?? m.h_phone,
    },
    dates: {
      proposedAt: m.proposed_at.toISOString(),
      acceptedAt: iso(m.accepted_at),
      giverInformedAt: iso(m.giver_informed_at),
      establishedAt: iso(m.established_at),
      confirmedByHolderAt: iso(m.confirmed_by_holder_at),
      votedAt: iso(m.voted_at),
      rejectedAt: iso(m.rejected_at),
      cancelledAt: iso(m.cancelled_at),
    },
    giverMessage: m.giver_message,
    holderMessage: m.holder_message,
  };
}
