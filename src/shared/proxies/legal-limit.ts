/**
 * How many vote proxies one holder (mandataire) may carry, as French law has said since the
 * 2022 reform (Code électoral, art. L73, décret n° 2021-1740):
 *
 * - a holder may hold at most TWO proxies for a given round;
 * - of these, at most ONE may have been established in France (a town hall, police station,
 *   gendarmerie or online via maprocuration.gouv.fr for a voter living in France); the second, if
 *   any, must have been established abroad (a consulate);
 * - proxies beyond these limits are void, so a campaign must never hand a third one, nor a second
 *   one established in France, to the same person.
 *
 * Relais counts per round (a proxy covers given round dates): the proxies a volunteer declared
 * holding already (`declared`) count on every round they offered, since we do not know which rounds
 * those cover — the cautious reading.
 */
export const MAX_PROXIES_PER_HOLDER = 2;
export const MAX_PROXIES_ESTABLISHED_IN_FRANCE = 1;

/** What a holder already carries on one round. */
export interface HeldOnRound {
  /** Every proxy held on that round, wherever it was established. */
  total: number;
  /** Of which established in France. */
  inFrance: number;
}

/**
 * Whether a holder may take one more proxy on a round without any of their proxies becoming void.
 *
 * @example
 * canHoldAnother({ total: 1, inFrance: 1 }, false); // false: already one established in France
 * canHoldAnother({ total: 1, inFrance: 1 }, true);  // true: a second one, established abroad
 */
export function canHoldAnother(held: HeldOnRound, establishedAbroad: boolean): boolean {
  if (held.total >= MAX_PROXIES_PER_HOLDER) return false;
  if (!establishedAbroad && held.inFrance >= MAX_PROXIES_ESTABLISHED_IN_FRANCE) return false;
  return true;
}

/** Whether a holder's load on a round is within the law (used to check, never to decide). */
export function isWithinLimit(held: HeldOnRound): boolean {
  return held.total <= MAX_PROXIES_PER_HOLDER && held.inFrance <= MAX_PROXIES_ESTABLISHED_IN_FRANCE && held.inFrance <= held.total;
}
