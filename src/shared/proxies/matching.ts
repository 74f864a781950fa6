import { MAX_PROXIES_ESTABLISHED_IN_FRANCE, MAX_PROXIES_PER_HOLDER } from './legal-limit.js';

/**
 * The vote-proxy matching engine: proposes a holder for each voter who cannot vote in person.
 * Pure and synchronous; the geography (commune → EPCI → département, coordinates) is handed in.
 *
 * Preference, best first ("tiers"):
 *   1. a holder free on EVERY requested round, at the same polling station, then the same commune,
 *      then the same EPCI (intercommunality), then the same département, then — with coordinates —
 *      a neighbour across a département border (see pairLevel);
 *   2. then a holder free on only some of the rounds, in the same level order.
 * Within the EPCI and département levels the nearest communes come first when coordinates are
 * known. A holder whose commune is farther than the distance they said they could travel is never
 * proposed (when both communes have coordinates; without them the limit cannot be checked).
 *
 * Greedy by tier: every pending request is tried at tier 1 before any is tried at tier 2, and so
 * on, so a request ends at a worse tier only if, when its better tiers ran, no holder could take
 * it — and capacity only shrinks, so none can at the end either.
 *
 * Never: a holder above the legal limit (see legal-limit.ts, counted per round with the proxies
 * they declared), a person matched with themselves, two organizations mixed, a rejected pair
 * proposed again, a round the holder is not free on.
 *
 * Cost: offers sit in pools keyed by (place, rounds they can still take); a request looks only at
 * pools of its own station/commune (and the communes of its EPCI/département), and a full holder
 * leaves its pools the first time it is met, so matching is near linear: 100,000 requests ×
 * 100,000 offers take a few hundred milliseconds (see the report of the proxies module).
 */

export const MATCH_LEVELS = ['station', 'commune', 'epci', 'departement', 'distance'] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

export interface Coordinates {
  lat: number;
  lon: number;
}

/** The administrative links of communes, by INSEE code. */
export interface Geography {
  epciOf(communeCode: string): string | null;
  departementOf(communeCode: string): string | null;
  /** Coordinates the organization imported for this commune, if any. */
  coordinatesOf?(orgId: string, communeCode: string): Coordinates | null;
}

export interface RequestInput {
  id: string;
  orgId: string;
  personId: string;
  communeCode: string;
  pollingStationCode: string | null;
  /** Round dates, 'YYYY-MM-DD'. */
  rounds: readonly string[];
  /** Given at a consulate: does not count against the one-in-France limit. */
  establishedAbroad: boolean;
}

export interface OfferInput {
  id: string;
  orgId: string;
  personId: string;
  communeCode: string;
  pollingStationCode: string | null;
  /** Round dates the holder is free on. */
  rounds: readonly string[];
  maxTravelKm: number | null;
  /** Proxies the holder said they already hold (0–2), of which established in France (0–1). */
  declaredHeld: number;
  declaredHeldInFrance: number;
}

/** A match that already uses a holder's capacity (proposed, accepted, established…). */
export interface ExistingMatch {
  requestId: string;
  offerId: string;
  rounds: readonly string[];
  establishedAbroad: boolean;
}

export interface Proposal {
  orgId: string;
  requestId: string;
  offerId: string;
  rounds: string[];
  level: MatchLevel;
  /** The holder is free on every round the giver asked for. */
  fullCoverage: boolean;
  distanceKm: number | null;
}

export interface MatchInput {
  requests: readonly RequestInput[];
  offers: readonly OfferInput[];
  existing?: readonly ExistingMatch[];
  /** `${requestId}|${offerId}` pairs an organizer rejected: never proposed again. */
  excludedPairs?: ReadonlySet<string>;
  geo: Geography;
}

/**
 * Across a département border ('distance' level, coordinates needed): a holder who gave no travel
 * limit is asked to come this far at most, and nobody farther than MAX_CROSS_BORDER_KM.
 */
export const CROSS_BORDER_DEFAULT_KM = 20;
export const MAX_CROSS_BORDER_KM = 100;

/** The tier of a (level, coverage) pair: lower is better. */
export function tierOf(level: MatchLevel, fullCoverage: boolean): number {
  return (fullCoverage ? 0 : MATCH_LEVELS.length) + MATCH_LEVELS.indexOf(level);
}

/** The best level two places share, or null when they are in different départements. */
export function levelBetween(
  geo: Geography,
  a: { communeCode: string; pollingStationCode: string | null },
  b: { communeCode: string; pollingStationCode: string | null },
): MatchLevel | null {
  if (a.pollingStationCode !== null && a.pollingStationCode === b.pollingStationCode) return 'station';
  if (a.communeCode === b.communeCode) return 'commune';
  const epci = geo.epciOf(a.communeCode);
  if (epci !== null && epci === geo.epciOf(b.communeCode)) return 'epci';
  const dep = geo.departementOf(a.communeCode);
  if (dep !== null && dep === geo.departementOf(b.communeCode)) return 'departement';
  return null;
}

/**
 * The level a holder would be proposed at for a request: the places they share, else 'distance'
 * when both communes have coordinates and the holder lives near enough across a département
 * border (within their travel limit, or CROSS_BORDER_DEFAULT_KM without one, and MAX_CROSS_BORDER_KM).
 */
export function pairLevel(
  geo: Geography,
  orgId: string,
  request: { communeCode: string; pollingStationCode: string | null },
  offer: { communeCode: string; pollingStationCode: string | null; maxTravelKm: number | null },
): MatchLevel | null {
  const shared = levelBetween(geo, request, offer);
  if (shared !== null || !geo.coordinatesOf) return shared;
  const here = geo.coordinatesOf(orgId, request.communeCode);
  const there = geo.coordinatesOf(orgId, offer.communeCode);
  if (!here || !there) return null;
  const d = distanceKm(here, there);
  return d <= MAX_CROSS_BORDER_KM && d <= (offer.maxTravelKm ?? CROSS_BORDER_DEFAULT_KM) ? 'distance' : null;
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether a holder living in `offerCommune` may be asked to vote in `requestCommune`: true unless
 * both have coordinates and the distance exceeds what the holder said they could travel.
 */
export function withinTravel(geo: Geography, orgId: string, offer: { communeCode: string; maxTravelKm: number | null }, requestCommune: string): boolean {
  if (offer.maxTravelKm === null || offer.communeCode === requestCommune || !geo.coordinatesOf) return true;
  const a = geo.coordinatesOf(orgId, offer.communeCode);
  const b = geo.coordinatesOf(orgId, requestCommune);
  if (!a || !b) return true;
  return distanceKm(a, b) <= offer.maxTravelKm;
}

interface OfferState {
  input: OfferInput;
  /** Rounds (bits) the holder is free on. */
  free: number;
  total: Int8Array;
  inFrance: Int8Array;
  /** Rounds it can still take a proxy established in France on / established abroad on. */
  maskFrance: number;
  maskAbroad: number;
  travelSlot: number;
}

interface RequestState {
  input: RequestInput;
  need: number;
  key: string;
}

type Kind = 0 | 1; // 0: established in France, 1: abroad

/**
 * Offers of one place, filed by (rounds they can still take, how far they travel); stale entries
 * leave when met. Filing by travel distance lets a far request skip, in one test, every holder
 * who would not come that far.
 */
class Pool {
  readonly lists: [Map<number, OfferState[]>, Map<number, OfferState[]>] = [new Map(), new Map()];

  add(offer: OfferState): void {
    this.push(0, offer.maskFrance, offer);
    this.push(1, offer.maskAbroad, offer);
  }

  push(kind: Kind, mask: number, offer: OfferState): void {
    if (mask === 0) return;
    const key = mask * TRAVEL_SLOTS + offer.travelSlot;
    const lists = this.lists[kind];
    const list = lists.get(key);
    if (list) list.push(offer);
    else lists.set(key, [offer]);
  }

  isEmpty(): boolean {
    return this.lists[0].size === 0 && this.lists[1].size === 0;
  }

  /**
   * A holder who can take `need` (all of it when `full`, some of it otherwise) and travel
   * `distance` km (holders with no stated limit: up to `noLimitCap`), or null.
   */
  take(kind: Kind, need: number, full: boolean, distance: number, noLimitCap: number, accept: (offer: OfferState) => boolean): OfferState | null {
    const lists = this.lists[kind];
    for (const [key, list] of lists) {
      const slot = key % TRAVEL_SLOTS;
      if (slot < distance || (slot === TRAVEL_SLOTS - 1 && distance > noLimitCap)) continue;
      const mask = (key - slot) / TRAVEL_SLOTS;
      if (full ? (mask & need) !== need : (mask & need) === 0) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const offer = list[i] as OfferState;
        const current = kind === 0 ? offer.maskFrance : offer.maskAbroad;
        if (current !== mask) {
          // The holder took a proxy since: it was re-filed under its new mask.
          list[i] = list[list.length - 1] as OfferState;
          list.pop();
          continue;
        }
        if (accept(offer)) return offer;
      }
      if (list.length === 0) lists.delete(key);
    }
    return null;
  }
}

/** Grid cell size, in degrees, for the distance level's neighbour search. */
const GRID_DEG = 0.5;

/** Travel distances are filed by whole kilometre up to 1,022; 1,023 means "no limit". */
const TRAVEL_SLOTS = 1024;

const MAX_ROUNDS = 30;

/**
 * Proposes holders for the requests that have no active match yet.
 *
 * @example
 * const proposals = matchProxies({ requests, offers, existing, geo });
 * // [{ requestId: '12', offerId: '40', level: 'station', fullCoverage: true, rounds: ['2027-04-11'], … }]
 */
export function matchProxies(input: MatchInput): Proposal[] {
  const { geo } = input;
  const excluded = input.excludedPairs ?? new Set<string>();
  const roundIndex = new Map<string, number>();
  const bitOf = (round: string): number => {
    let i = roundIndex.get(round);
    if (i === undefined) {
      i = roundIndex.size;
      if (i >= MAX_ROUNDS) throw new RangeError(`matchProxies handles at most ${MAX_ROUNDS} distinct rounds at once`);
      roundIndex.set(round, i);
    }
    return i;
  };
  const maskOf = (rounds: readonly string[]) => rounds.reduce((m, r) => m | (1 << bitOf(r)), 0);
  const roundsOf = (mask: number): string[] => [...roundIndex].filter(([, i]) => (mask & (1 << i)) !== 0).map(([r]) => r).sort();

  const offers = new Map<string, OfferState>();
  for (const o of input.offers) {
    const free = maskOf(o.rounds);
    const travelSlot = o.maxTravelKm === null ? TRAVEL_SLOTS - 1 : Math.min(TRAVEL_SLOTS - 2, Math.floor(Math.max(0, o.maxTravelKm)));
    const state: OfferState = { input: o, free, total: new Int8Array(MAX_ROUNDS), inFrance: new Int8Array(MAX_ROUNDS), maskFrance: 0, maskAbroad: 0, travelSlot };
    state.total.fill(Math.max(0, o.declaredHeld));
    state.inFrance.fill(Math.max(0, o.declaredHeldInFrance));
    offers.set(o.id, state);
  }
  const matchedRequests = new Set<string>();
  const charge = (offer: OfferState, mask: number, abroad: boolean) => {
    for (let i = 0; i < MAX_ROUNDS; i++) {
      if ((mask & (1 << i)) === 0) continue;
      offer.total[i] = (offer.total[i] ?? 0) + 1;
      if (!abroad) offer.inFrance[i] = (offer.inFrance[i] ?? 0) + 1;
    }
  };
  const refresh = (offer: OfferState) => {
    let france = 0;
    let abroad = 0;
    for (let i = 0; i < roundIndex.size; i++) {
      const bit = 1 << i;
      if ((offer.free & bit) === 0) continue;
      const total = offer.total[i] ?? 0;
      if (total >= MAX_PROXIES_PER_HOLDER) continue;
      abroad |= bit;
      if ((offer.inFrance[i] ?? 0) < MAX_PROXIES_ESTABLISHED_IN_FRANCE) france |= bit;
    }
    offer.maskFrance = france;
    offer.maskAbroad = abroad;
  };
  for (const m of input.existing ?? []) {
    matchedRequests.add(m.requestId);
    const offer = offers.get(m.offerId);
    if (offer) charge(offer, maskOf(m.rounds), m.establishedAbroad);
  }

  const requests: RequestState[] = [];
  for (const r of input.requests) {
    if (matchedRequests.has(r.id) || r.rounds.length === 0) continue;
    requests.push({ input: r, need: maskOf(r.rounds), key: `${r.orgId}|${r.communeCode}` });
  }

  // Places: pools per polling station and per commune; communes with offers per EPCI/département.
  const stationPools = new Map<string, Pool>();
  const communePools = new Map<string, Pool>();
  const communesByEpci = new Map<string, string[]>();
  const communesByDep = new Map<string, string[]>();
  // Communes with offers on a 0.5° grid, to find neighbours across département borders.
  const grid = new Map<string, string[]>();
  const cellOf = (c: Coordinates) => [Math.floor(c.lat / GRID_DEG), Math.floor(c.lon / GRID_DEG)] as const;
  for (const offer of offers.values()) {
    refresh(offer);
    if (offer.maskAbroad === 0) continue;
    const o = offer.input;
    if (o.pollingStationCode !== null) poolFor(stationPools, `${o.orgId}|${o.pollingStationCode}`).add(offer);
    const communeKey = `${o.orgId}|${o.communeCode}`;
    if (!communePools.has(communeKey)) {
      const epci = geo.epciOf(o.communeCode);
      const dep = geo.departementOf(o.communeCode);
      if (epci !== null) listFor(communesByEpci, `${o.orgId}|${epci}`).push(o.communeCode);
      if (dep !== null) listFor(communesByDep, `${o.orgId}|${dep}`).push(o.communeCode);
      const at = geo.coordinatesOf?.(o.orgId, o.communeCode) ?? null;
      if (at) {
        const [i, j] = cellOf(at);
        listFor(grid, `${o.orgId}|${i}|${j}`).push(o.communeCode);
      }
    }
    poolFor(communePools, communeKey).add(offer);
  }

  // The communes to try, nearest first, for requests of one commune at one level, with their
  // distance (0 when unknown: the travel limit cannot be checked without coordinates).
  interface Region {
    communes: string[];
    distances: number[];
  }
  const regionCache = new Map<string, Region>();
  const regionFor = (level: 'epci' | 'departement' | 'distance', r: RequestInput): Region => {
    const cacheKey = `${level}|${r.orgId}|${r.communeCode}`;
    const cached = regionCache.get(cacheKey);
    if (cached) return cached;
    const epci = geo.epciOf(r.communeCode);
    let list: string[] = [];
    if (level === 'distance') {
      const here = geo.coordinatesOf?.(r.orgId, r.communeCode) ?? null;
      const dep = geo.departementOf(r.communeCode);
      if (here) {
        const [i0, j0] = cellOf(here);
        const di = Math.ceil(MAX_CROSS_BORDER_KM / (111 * GRID_DEG));
        const dj = Math.ceil(MAX_CROSS_BORDER_KM / (111 * GRID_DEG * Math.max(0.2, Math.cos((here.lat * Math.PI) / 180))));
        for (let i = i0 - di; i <= i0 + di; i++) {
          for (let j = j0 - dj; j <= j0 + dj; j++) {
            for (const c of grid.get(`${r.orgId}|${i}|${j}`) ?? []) {
              // Same département: tried at the levels above.
              if (dep !== null && geo.departementOf(c) === dep) continue;
              const there = geo.coordinatesOf?.(r.orgId, c) ?? null;
              if (there && distanceKm(here, there) <= MAX_CROSS_BORDER_KM) list.push(c);
            }
          }
        }
      }
    } else if (level === 'epci') {
      if (epci !== null) list = (communesByEpci.get(`${r.orgId}|${epci}`) ?? []).filter((c) => c !== r.communeCode);
    } else {
      const dep = geo.departementOf(r.communeCode);
      // Communes of the same EPCI were tried at the EPCI level already.
      if (dep !== null) list = (communesByDep.get(`${r.orgId}|${dep}`) ?? []).filter((c) => c !== r.communeCode && (epci === null || geo.epciOf(c) !== epci));
    }
    const here = geo.coordinatesOf?.(r.orgId, r.communeCode) ?? null;
    let region: Region = { communes: list, distances: list.map(() => 0) };
    if (here && geo.coordinatesOf) {
      const withDistance = list.map((c) => {
        const there = geo.coordinatesOf?.(r.orgId, c) ?? null;
        return { c, d: there ? distanceKm(here, there) : Number.POSITIVE_INFINITY };
      });
      withDistance.sort((a, b) => a.d - b.d);
      // Unknown coordinates sort last but cannot be checked against a travel limit (never at the
      // distance level, whose communes all have coordinates).
      region = { communes: withDistance.map((x) => x.c), distances: withDistance.map((x) => (Number.isFinite(x.d) ? x.d : 0)) };
    }
    regionCache.set(cacheKey, region);
    return region;
  };

  const proposals: Proposal[] = [];
  let pending = requests;
  for (const full of [true, false]) {
    for (const level of MATCH_LEVELS) {
      for (const req of pending) {
        const r = req.input;
        const kind: Kind = r.establishedAbroad ? 1 : 0;
        const noLimitCap = level === 'distance' ? CROSS_BORDER_DEFAULT_KM : Number.POSITIVE_INFINITY;
        const accept = (offer: OfferState) =>
          offer.input.personId !== r.personId &&
          !excluded.has(`${r.id}|${offer.input.id}`) &&
          withinTravel(geo, r.orgId, offer.input, r.communeCode) &&
          (level !== 'distance' || pairLevel(geo, r.orgId, r, offer.input) === 'distance');
        let found: OfferState | null = null;
        if (level === 'station') {
          if (r.pollingStationCode !== null) found = stationPools.get(`${r.orgId}|${r.pollingStationCode}`)?.take(kind, req.need, full, 0, noLimitCap, accept) ?? null;
        } else if (level === 'commune') {
          found = communePools.get(req.key)?.take(kind, req.need, full, 0, noLimitCap, accept) ?? null;
        } else {
          const region = regionFor(level, r);
          let drained = 0;
          for (let i = 0; i < region.communes.length; i++) {
            const pool = communePools.get(`${r.orgId}|${region.communes[i]}`);
            if (!pool || pool.isEmpty()) {
              drained++;
              continue;
            }
            found = pool.take(kind, req.need, full, region.distances[i] ?? 0, noLimitCap, accept);
            if (found) break;
          }
          // Forget communes whose holders are all taken, so later requests skip them for free.
          if (drained > 16) compactRegion(region, (c) => !(communePools.get(`${r.orgId}|${c}`)?.isEmpty() ?? true));
        }
        if (!found) continue;
        const mask = req.need & (kind === 0 ? found.maskFrance : found.maskAbroad);
        charge(found, mask, r.establishedAbroad);
        const beforeFrance = found.maskFrance;
        const beforeAbroad = found.maskAbroad;
        refresh(found);
        if (found.maskFrance !== beforeFrance || found.maskAbroad !== beforeAbroad) {
          // Re-file the holder under what it can still take; the old entries go stale.
          const o = found.input;
          const pools = [communePools.get(`${o.orgId}|${o.communeCode}`), o.pollingStationCode !== null ? stationPools.get(`${o.orgId}|${o.pollingStationCode}`) : undefined];
          for (const pool of pools) {
            if (!pool) continue;
            if (found.maskFrance !== beforeFrance) pool.push(0, found.maskFrance, found);
            if (found.maskAbroad !== beforeAbroad) pool.push(1, found.maskAbroad, found);
          }
        }
        matchedRequests.add(r.id);
        const there = geo.coordinatesOf?.(r.orgId, found.input.communeCode) ?? null;
        const here = geo.coordinatesOf?.(r.orgId, r.communeCode) ?? null;
        proposals.push({
          orgId: r.orgId,
          requestId: r.id,
          offerId: found.input.id,
          rounds: roundsOf(mask),
          level,
          fullCoverage: mask === req.need,
          distanceKm: found.input.communeCode === r.communeCode ? 0 : here && there ? Math.round(distanceKm(here, there) * 10) / 10 : null,
        });
      }
      pending = pending.filter((req) => !matchedRequests.has(req.input.id));
    }
  }
  return proposals;
}

function poolFor(map: Map<string, Pool>, key: string): Pool {
  let pool = map.get(key);
  if (!pool) {
    pool = new Pool();
    map.set(key, pool);
  }
  return pool;
}

function listFor(map: Map<string, string[]>, key: string): string[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

/** Keeps in place the communes (and their distances) that pass. */
function compactRegion(region: { communes: string[]; distances: number[] }, keep: (commune: string) => boolean): void {
  let j = 0;
  for (let i = 0; i < region.communes.length; i++) {
    const c = region.communes[i] as string;
    if (!keep(c)) continue;
    region.communes[j] = c;
    region.distances[j] = region.distances[i] ?? 0;
    j++;
  }
  region.communes.length = j;
  region.distances.length = j;
}
