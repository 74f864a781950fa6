import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Coordinates, Geography } from '../../../shared/proxies/matching.js';

interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  commune?: string;
}
interface EtalabEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}

/** One commune of the reference data, as proxy matching and the public forms need it. */
export interface CommuneInfo {
  code: string;
  name: string;
  departement: string;
  epci: string | null;
}

export interface CommuneIndex {
  byCode: ReadonlyMap<string, CommuneInfo>;
}

let cached: CommuneIndex | null = null;

/**
 * Every French commune (INSEE code → name, département, EPCI) from @etalab/decoupage-administratif,
 * loaded once per process. Paris, Lyon and Marseille arrondissements resolve to their commune's
 * EPCI and département, so a voter who typed "69381" still meets Lyon's holders at the EPCI level.
 */
export function communeIndex(): CommuneIndex {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const read = <T>(name: string) => JSON.parse(fs.readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}`), 'utf8')) as T;
  const communes = read<EtalabCommune[]>('communes.json');
  const epciOf = new Map<string, string>();
  for (const epci of read<EtalabEpci[]>('epci.json')) for (const m of epci.membres) epciOf.set(m.code, epci.code);
  const byCode = new Map<string, CommuneInfo>();
  for (const c of communes) {
    if (!c.departement) continue;
    if (c.type === 'commune-actuelle') {
      byCode.set(c.code, { code: c.code, name: c.nom, departement: c.departement, epci: epciOf.get(c.code) ?? null });
    } else if (c.type === 'arrondissement-municipal' && c.commune) {
      byCode.set(c.code, { code: c.code, name: c.nom, departement: c.departement, epci: epciOf.get(c.commune) ?? null });
    }
  }
  cached = { byCode };
  return cached;
}

/**
 * The geography the matching engine reads: links from the reference data, coordinates from what
 * each organization imported (`coordinates` keyed by `${orgId}|${insee}`).
 */
export function matchingGeography(coordinates: ReadonlyMap<string, Coordinates> = new Map()): Geography {
  const { byCode } = communeIndex();
  return {
    epciOf: (code) => byCode.get(code)?.epci ?? null,
    departementOf: (code) => byCode.get(code)?.departement ?? departementFromCode(code),
    coordinatesOf: (orgId, code) => coordinates.get(`${orgId}|${code}`) ?? null,
  };
}

/** The département of an INSEE code not in the reference data (a commune merged since): its prefix. */
function departementFromCode(code: string): string | null {
  if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) return null;
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}
