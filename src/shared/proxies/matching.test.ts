import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canHoldAnother, isWithinLimit } from './legal-limit.js';
import {
  matchProxies,
  pairLevel,
  tierOf,
  withinTravel,
  type ExistingMatch,
  type Geography,
  type OfferInput,
  type Proposal,
  type RequestInput,
} from './matching.js';

// A small France: three départements, EPCIs of two communes, and one commune in no EPCI.
const COMMUNES: Record<string, { epci: string | null; dep: string; lat: number; lon: number }> = {
  '69001': { epci: 'E1', dep: '69', lat: 45.76, lon: 4.83 },
  '69002': { epci: 'E1', dep: '69', lat: 45.8, lon: 4.9 },
  '69003': { epci: 'E2', dep: '69', lat: 45.9, lon: 4.7 },
  '69004': { epci: 'E2', dep: '69', lat: 46.2, lon: 4.6 },
  '69005': { epci: null, dep: '69', lat: 45.5, lon: 4.4 },
  '38001': { epci: 'E3', dep: '38', lat: 45.19, lon: 5.72 },
  '38002': { epci: 'E3', dep: '38', lat: 45.3, lon: 5.6 },
  // Across the border from 69001 (about 12 km): reachable only at the 'distance' level.
  '01001': { epci: null, dep: '01', lat: 45.86, lon: 4.9 },
};
const CODES = Object.keys(COMMUNES);
const ROUNDS = ['2027-04-11', '2027-04-25', '2027-06-13'];
const ORGS = ['org-a', 'org-b'];

function geography(withCoordinates: boolean): Geography {
  return {
    epciOf: (c) => COMMUNES[c]?.epci ?? null,
    departementOf: (c) => COMMUNES[c]?.dep ?? null,
    ...(withCoordinates ? { coordinatesOf: (_org: string, c: string) => (COMMUNES[c] ? { lat: COMMUNES[c].lat, lon: COMMUNES[c].lon } : null) } : {}),
  };
}

const place = fc.record({ commune: fc.constantFrom(...CODES), station: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }) });
const rounds = fc.subarray(ROUNDS, { minLength: 1 });
const person = fc.integer({ min: 1, max: 25 }).map(String);

const requestArb = fc.record({ org: fc.constantFrom(...ORGS), person, place, rounds, establishedAbroad: fc.constantFrom(false, false, false, true) });
const offerArb = fc.record({
  org: fc.constantFrom(...ORGS),
  person,
  place,
  rounds,
  maxTravelKm: fc.option(fc.integer({ min: 1, max: 80 }), { nil: null }),
  declared: fc.constantFrom([0, 0], [1, 0], [1, 1], [2, 0], [2, 1]),
});

const scenario = fc.record({
  requests: fc.array(requestArb, { maxLength: 30 }),
  offers: fc.array(offerArb, { maxLength: 20 }),
  withCoordinates: fc.boolean(),
  existingCount: fc.integer({ min: 0, max: 3 }),
  rejectedCount: fc.integer({ min: 0, max: 3 }),
});

const stationCode = (p: { commune: string; station: number | null }) => (p.station === null ? null : `${p.commune}_${String(p.station).padStart(4, '0')}`);

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const requests: RequestInput[] = s.requests.map((r, i) => ({
    id: `r${i}`,
    orgId: r.org,
    personId: `${r.org}:${r.person}`,
    communeCode: r.place.commune,
    pollingStationCode: stationCode(r.place),
    rounds: r.rounds,
    establishedAbroad: r.establishedAbroad,
  }));
  const offers: OfferInput[] = s.offers.map((o, i) => ({
    id: `o${i}`,
    orgId: o.org,
    personId: `${o.org}:${o.person}`,
    communeCode: o.place.commune,
    pollingStationCode: stationCode(o.place),
    rounds: o.rounds,
    maxTravelKm: o.maxTravelKm,
    declaredHeld: o.declared[0] ?? 0,
    declaredHeldInFrance: o.declared[1] ?? 0,
  }));
  // A few existing matches made by hand (legal ones), and a few rejected pairs.
  const existing: ExistingMatch[] = [];
  const load = new Map<string, { total: number; inFrance: number }>();
  const held = (offer: OfferInput, round: string) => load.get(`${offer.id}|${round}`) ?? { total: offer.declaredHeld, inFrance: offer.declaredHeldInFrance };
  for (let i = 0; i < s.existingCount && i < requests.length && i < offers.length; i++) {
    const request = requests[i] as RequestInput;
    const offer = offers[i] as OfferInput;
    if (offer.orgId !== request.orgId || offer.personId === request.personId) continue;
    const common = request.rounds.filter((r) => offer.rounds.includes(r) && canHoldAnother(held(offer, r), request.establishedAbroad));
    if (common.length === 0) continue;
    for (const r of common) {
      const h = held(offer, r);
      load.set(`${offer.id}|${r}`, { total: h.total + 1, inFrance: h.inFrance + (request.establishedAbroad ? 0 : 1) });
    }
    existing.push({ requestId: request.id, offerId: offer.id, rounds: common, establishedAbroad: request.establishedAbroad });
  }
  const excludedPairs = new Set<string>();
  for (let i = 0; i < s.rejectedCount && i < requests.length; i++) {
    for (const offer of offers.slice(0, 2)) excludedPairs.add(`${requests[requests.length - 1 - i]?.id}|${offer.id}`);
  }
  return { requests, offers, existing, excludedPairs, geo: geography(s.withCoordinates) };
}

type Built = ReturnType<typeof build>;

/** Each holder's load per round after the run: declared + existing + proposed. */
function loads(b: Built, proposals: readonly Proposal[]) {
  const byId = new Map(b.offers.map((o) => [o.id, o]));
  const requestById = new Map(b.requests.map((r) => [r.id, r]));
  const load = new Map<string, { total: number; inFrance: number }>();
  const add = (offerId: string, rounds: readonly string[], abroad: boolean) => {
    const offer = byId.get(offerId) as OfferInput;
    for (const r of rounds) {
      const key = `${offerId}|${r}`;
      const h = load.get(key) ?? { total: offer.declaredHeld, inFrance: offer.declaredHeldInFrance };
      load.set(key, { total: h.total + 1, inFrance: h.inFrance + (abroad ? 0 : 1) });
    }
  };
  for (const m of b.existing) add(m.offerId, m.rounds, m.establishedAbroad);
  for (const p of proposals) add(p.offerId, p.rounds, (requestById.get(p.requestId) as RequestInput).establishedAbroad);
  return (offer: OfferInput, round: string) => load.get(`${offer.id}|${round}`) ?? { total: offer.declaredHeld, inFrance: offer.declaredHeldInFrance };
}

const run = (s: Scenario) => {
  const b = build(s);
  return { b, proposals: matchProxies(b) };
};

describe('matchProxies (properties)', () => {
  it('never puts a holder above the legal limit on any round', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b, proposals } = run(s);
        const held = loads(b, proposals);
        for (const offer of b.offers) for (const r of ROUNDS) expect(isWithinLimit(held(offer, r))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never matches a person with themselves, nor across organizations, nor a rejected pair', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b, proposals } = run(s);
        const requests = new Map(b.requests.map((r) => [r.id, r]));
        const offers = new Map(b.offers.map((o) => [o.id, o]));
        for (const p of proposals) {
          const r = requests.get(p.requestId) as RequestInput;
          const o = offers.get(p.offerId) as OfferInput;
          expect(o.personId).not.toBe(r.personId);
          expect(o.orgId).toBe(r.orgId);
          expect(p.orgId).toBe(r.orgId);
          expect(b.excludedPairs.has(`${r.id}|${o.id}`)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only uses rounds the giver asked for and the holder is free on, and matches each request at most once', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b, proposals } = run(s);
        const requests = new Map(b.requests.map((r) => [r.id, r]));
        const offers = new Map(b.offers.map((o) => [o.id, o]));
        const already = new Set(b.existing.map((m) => m.requestId));
        for (const p of proposals) {
          const r = requests.get(p.requestId) as RequestInput;
          const o = offers.get(p.offerId) as OfferInput;
          expect(p.rounds.length).toBeGreaterThan(0);
          for (const round of p.rounds) {
            expect(r.rounds).toContain(round);
            expect(o.rounds).toContain(round);
          }
          expect(p.fullCoverage).toBe(r.rounds.every((round) => p.rounds.includes(round)));
          expect(already.has(p.requestId)).toBe(false);
          already.add(p.requestId);
          expect(p.level).toBe(pairLevel(b.geo, r.orgId, r, o));
          expect(withinTravel(b.geo, r.orgId, o, r.communeCode)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no better pair: no holder could still take a request at a better tier than it got', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { b, proposals } = run(s);
        const held = loads(b, proposals);
        const got = new Map(proposals.map((p) => [p.requestId, tierOf(p.level, p.fullCoverage)]));
        const alreadyMatched = new Set(b.existing.map((m) => m.requestId));
        for (const r of b.requests) {
          if (alreadyMatched.has(r.id)) continue;
          const tier = got.get(r.id) ?? Number.POSITIVE_INFINITY;
          for (const o of b.offers) {
            if (o.orgId !== r.orgId || o.personId === r.personId || b.excludedPairs.has(`${r.id}|${o.id}`)) continue;
            const level = pairLevel(b.geo, r.orgId, r, o);
            if (level === null || !withinTravel(b.geo, r.orgId, o, r.communeCode)) continue;
            const takeable = r.rounds.filter((round) => o.rounds.includes(round) && canHoldAnother(held(o, round), r.establishedAbroad));
            if (takeable.length === 0) continue;
            const possible = tierOf(level, takeable.length === r.rounds.length);
            expect(possible, `request ${r.id} got tier ${tier} but ${o.id} could take it at tier ${possible}`).toBeGreaterThanOrEqual(tier);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('matchProxies (examples)', () => {
  const geo = geography(true);
  const request = (id: string, over: Partial<RequestInput> = {}): RequestInput => ({
    id,
    orgId: 'org-a',
    personId: `p-${id}`,
    communeCode: '69001',
    pollingStationCode: '69001_0001',
    rounds: ['2027-04-11', '2027-04-25'],
    establishedAbroad: false,
    ...over,
  });
  const offer = (id: string, over: Partial<OfferInput> = {}): OfferInput => ({
    id,
    orgId: 'org-a',
    personId: `h-${id}`,
    communeCode: '69001',
    pollingStationCode: '69001_0001',
    rounds: ['2027-04-11', '2027-04-25'],
    maxTravelKm: null,
    declaredHeld: 0,
    declaredHeldInFrance: 0,
    ...over,
  });

  it('prefers the same polling station over the same commune', () => {
    const proposals = matchProxies({ requests: [request('r1')], offers: [offer('far', { pollingStationCode: '69001_0002' }), offer('near')], geo });
    expect(proposals).toMatchObject([{ requestId: 'r1', offerId: 'near', level: 'station', fullCoverage: true, distanceKm: 0 }]);
  });

  it('prefers a holder free on every round in the département over a neighbour free on one round', () => {
    const proposals = matchProxies({
      requests: [request('r1')],
      offers: [offer('partial', { rounds: ['2027-04-11'] }), offer('full', { communeCode: '69005', pollingStationCode: null })],
      geo,
    });
    expect(proposals).toMatchObject([{ offerId: 'full', level: 'departement', fullCoverage: true }]);
  });

  it('gives a holder a second proxy only if it is established abroad', () => {
    const proposals = matchProxies({
      requests: [request('r1'), request('r2'), request('r3', { establishedAbroad: true })],
      offers: [offer('o1')],
      geo,
    });
    expect(proposals.map((p) => [p.requestId, p.offerId])).toEqual([
      ['r1', 'o1'],
      ['r3', 'o1'],
    ]);
  });

  it('counts the proxies a holder declared', () => {
    expect(matchProxies({ requests: [request('r1')], offers: [offer('o1', { declaredHeld: 1, declaredHeldInFrance: 1 })], geo })).toEqual([]);
    expect(matchProxies({ requests: [request('r1', { establishedAbroad: true })], offers: [offer('o1', { declaredHeld: 2 })], geo })).toEqual([]);
  });

  it('orders the département by distance and respects how far a holder can travel', () => {
    const proposals = matchProxies({
      requests: [request('r1', { communeCode: '69005', pollingStationCode: null })],
      offers: [offer('far', { communeCode: '69004', pollingStationCode: null }), offer('near', { communeCode: '69001', pollingStationCode: null })],
      geo,
    });
    expect(proposals).toMatchObject([{ offerId: 'near', level: 'departement' }]);
    const none = matchProxies({
      requests: [request('r1', { communeCode: '69005', pollingStationCode: null })],
      offers: [offer('near', { communeCode: '69001', pollingStationCode: null, maxTravelKm: 5 })],
      geo,
    });
    expect(none).toEqual([]);
  });

  it('crosses a département border only to a near neighbour, and only with coordinates', () => {
    expect(matchProxies({ requests: [request('r1')], offers: [offer('o1', { communeCode: '38001', pollingStationCode: null })], geo })).toEqual([]);
    const near = offer('o1', { communeCode: '01001', pollingStationCode: null });
    expect(matchProxies({ requests: [request('r1')], offers: [near], geo })).toMatchObject([{ offerId: 'o1', level: 'distance', fullCoverage: true }]);
    expect(matchProxies({ requests: [request('r1')], offers: [near], geo: geography(false) })).toEqual([]);
    expect(matchProxies({ requests: [request('r1')], offers: [{ ...near, maxTravelKm: 5 }], geo })).toEqual([]);
  });

  it('prefers the same département to a nearer neighbour across the border', () => {
    const proposals = matchProxies({
      requests: [request('r1')],
      offers: [offer('border', { communeCode: '01001', pollingStationCode: null }), offer('dep', { communeCode: '69005', pollingStationCode: null })],
      geo,
    });
    expect(proposals).toMatchObject([{ offerId: 'dep', level: 'departement' }]);
  });
});
