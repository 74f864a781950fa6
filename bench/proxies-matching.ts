/**
 * Times the proxy matching engine on 100,000 requests × 100,000 offers spread over real French
 * communes (weighted by population), with 1–2 rounds each and a few declared proxies.
 * Run: npx tsx bench/proxies-matching.ts [requests] [offers] [--coordinates]
 */
import { communeIndex, matchingGeography } from '../src/server/modules/proxies/proxies.geography.js';
import { demoCommunes } from '../src/server/modules/demo/demo.geography.js';
import { matchProxies, type OfferInput, type RequestInput } from '../src/shared/proxies/matching.js';
import type { Coordinates } from '../src/shared/proxies/matching.js';

const nRequests = Number(process.argv[2] ?? 100_000);
const nOffers = Number(process.argv[3] ?? 100_000);
const withCoordinates = process.argv.includes('--coordinates');

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const table = demoCommunes();
const draw = () => table.draw({ next: random } as never);
const ROUNDS = [['2027-04-11', '2027-04-25'], ['2027-04-11'], ['2027-04-25']] as const;
const pickRounds = () => ROUNDS[random() < 0.8 ? 0 : random() < 0.5 ? 1 : 2] as readonly string[];
const station = (commune: { code: string; stations: number }) => `${commune.code}_${String(1 + Math.floor(random() * commune.stations)).padStart(4, '0')}`;

const requests: RequestInput[] = [];
for (let i = 0; i < nRequests; i++) {
  const c = draw();
  requests.push({ id: `r${i}`, orgId: 'org', personId: `p${i}`, communeCode: c.code, pollingStationCode: station(c), rounds: pickRounds(), establishedAbroad: random() < 0.02 });
}
const offers: OfferInput[] = [];
for (let i = 0; i < nOffers; i++) {
  const c = draw();
  const declared = random() < 0.1 ? 1 : 0;
  offers.push({
    id: `o${i}`,
    orgId: 'org',
    personId: `h${i}`,
    communeCode: c.code,
    pollingStationCode: random() < 0.7 ? station(c) : null,
    rounds: pickRounds(),
    maxTravelKm: random() < 0.5 ? 5 + Math.floor(random() * 30) : null,
    declaredHeld: declared,
    declaredHeldInFrance: declared && random() < 0.5 ? 1 : 0,
  });
}
const coordinates = new Map<string, Coordinates>();
if (withCoordinates) {
  // Synthetic coordinates: each commune placed near its département's pseudo-centre.
  for (const c of communeIndex().byCode.values()) {
    const dep = parseInt(c.departement, 10) || 20;
    coordinates.set(`org|${c.code}`, { lat: 42 + (dep % 9) + random() * 0.8, lon: -4 + (dep % 12) + random() * 0.8 });
  }
}
const geo = matchingGeography(coordinates);
communeIndex();

const started = performance.now();
const proposals = matchProxies({ requests, offers, geo });
const ms = performance.now() - started;
const byLevel = new Map<string, number>();
for (const p of proposals) byLevel.set(`${p.level}${p.fullCoverage ? '' : ' (partial)'}`, (byLevel.get(`${p.level}${p.fullCoverage ? '' : ' (partial)'}`) ?? 0) + 1);
console.log(`${nRequests} requests × ${nOffers} offers${withCoordinates ? ' with coordinates' : ''}: ${proposals.length} proposals in ${ms.toFixed(0)} ms`);
console.log(Object.fromEntries([...byLevel].sort()));
