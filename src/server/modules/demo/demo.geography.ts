import fs from 'node:fs';
import { createRequire } from 'node:module';
import { stableHash, weightedTable, type Random, type WeightedTable } from './demo.random.js';

/** The fields of an etalab commune record that the demo uses. */
interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  zone?: string;
  departement?: string;
  region?: string;
  population?: number;
  codesPostaux?: string[];
}

/** A real French commune where demo people live, with its polling stations. */
export interface DemoCommune {
  /** INSEE code ("69123" for Lyon), stored in people.commune_code. */
  code: string;
  name: string;
  /** Département code ("69", "2A", "974"). */
  departement: string;
  /** INSEE region code ("84" for Auvergne-Rhône-Alpes). */
  region: string;
  population: number;
  postalCodes: readonly string[];
  /** Number of polling stations (bureaux de vote), numbered 1..stations. */
  stations: number;
}

/** All communes a demo person may live in, drawn in proportion to their population. */
export interface DemoCommuneTable {
  readonly communes: readonly DemoCommune[];
  readonly byCode: ReadonlyMap<string, DemoCommune>;
  /** Number of legislative constituencies (circonscriptions) given to each département. */
  readonly constituencies: ReadonlyMap<string, number>;
  draw(random: Random): DemoCommune;
}

/** About one polling station per 1,000 inhabitants, as French town halls roughly do. */
export const INHABITANTS_PER_STATION = 1000;
/** 577 deputies for ~68 million people: about one constituency per 118,000 inhabitants. */
const INHABITANTS_PER_CONSTITUENCY = 118_000;

// Mainland France and the five overseas departments share the French numbering plan and the
// national electoral roll; the overseas collectivities (975, 977, 978, 986–988) have their own
// phone plans and are left out so every generated number stays dialable the French way.
const ZONES = new Set(['metro', 'drom']);

let cached: DemoCommuneTable | null = null;

/**
 * The communes of the etalab reference data (current communes with a population), loaded and
 * indexed once per process; later calls are free.
 */
export function demoCommunes(): DemoCommuneTable {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@etalab/decoupage-administratif/data/communes.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as EtalabCommune[];
  const communes: DemoCommune[] = [];
  const departementPopulation = new Map<string, number>();
  for (const c of raw) {
    if (c.type !== 'commune-actuelle' || !c.population || !c.departement || !c.region) continue;
    if (!ZONES.has(c.zone ?? '') || !c.codesPostaux || c.codesPostaux.length === 0) continue;
    communes.push({
      code: c.code,
      name: c.nom,
      departement: c.departement,
      region: c.region,
      population: c.population,
      postalCodes: [...c.codesPostaux].sort(),
      stations: pollingStationCount(c.population),
    });
    departementPopulation.set(c.departement, (departementPopulation.get(c.departement) ?? 0) + c.population);
  }
  const constituencies = new Map<string, number>();
  for (const [dep, population] of departementPopulation) {
    constituencies.set(dep, Math.max(1, Math.round(population / INHABITANTS_PER_CONSTITUENCY)));
  }
  const table: WeightedTable<DemoCommune> = weightedTable(communes.map((c) => [c, c.population] as const));
  cached = {
    communes,
    byCode: new Map(communes.map((c) => [c.code, c])),
    constituencies,
    draw: (random) => table.draw(random),
  };
  return cached;
}

/** How many polling stations a commune of this population has: one per ~1,000 inhabitants, at least one. */
export function pollingStationCount(population: number): number {
  return Math.max(1, Math.round(population / INHABITANTS_PER_STATION));
}

/**
 * The polling station a voter is registered at, unique across France: the commune's INSEE code,
 * an underscore, and the station number on four digits as the electoral list prints it
 * ("69123_0042" is Lyon's bureau 0042). Vote-proxy matching compares these codes as they are.
 */
export function pollingStationCode(communeCode: string, station: number): string {
  return `${communeCode}_${String(station).padStart(4, '0')}`;
}

/**
 * The legislative constituency of a polling station, "69-03" (département, two-digit number).
 * A commune lies in one constituency chosen from its INSEE code; a large city is cut into
 * consecutive blocks of stations across several, as Lyon, Marseille or Toulouse are.
 */
export function constituencyCode(table: DemoCommuneTable, commune: DemoCommune, station: number): string {
  const count = table.constituencies.get(commune.departement) ?? 1;
  const span = Math.min(count, Math.max(1, Math.round(commune.population / INHABITANTS_PER_CONSTITUENCY)));
  const offset = stableHash(commune.code) % (count - span + 1);
  const block = Math.min(span - 1, Math.floor(((station - 1) * span) / commune.stations));
  return `${commune.departement}-${String(1 + offset + block).padStart(2, '0')}`;
}

/**
 * The postal code of a polling station: in a commune with several codes (Paris, Lyon, Marseille
 * arrondissements), stations are spread over the codes in order, so neighbours share one.
 */
export function postalCodeFor(commune: DemoCommune, station: number): string {
  const codes = commune.postalCodes;
  const index = Math.min(codes.length - 1, Math.floor(((station - 1) * codes.length) / commune.stations));
  return codes[index] as string;
}
