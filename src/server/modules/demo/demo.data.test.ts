import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/people/phone.js';
import { generateDemoPeople, type DemoPerson } from './demo.data.js';
import { demoCommunes, pollingStationCode, pollingStationCount } from './demo.geography.js';
import { DEMO_TAGS } from './demo.names.js';
import { createRandom, weightedTable } from './demo.random.js';

const N = 10_000;
let people: DemoPerson[];

beforeAll(() => {
  people = generateDemoPeople(N, { seed: 12345 });
});

const share = (test: (p: DemoPerson) => boolean) => people.filter(test).length / N;

describe('the seeded generator', () => {
  it('gives the same people for the same seed and reference date', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(generateDemoPeople(300, { seed: 7, now })).toEqual(generateDemoPeople(300, { seed: 7, now }));
  });

  it('gives other people for another seed', () => {
    const a = generateDemoPeople(50, { seed: 1 }).map((p) => `${p.firstName} ${p.lastName} ${p.communeCode}`);
    const b = generateDemoPeople(50, { seed: 2 }).map((p) => `${p.firstName} ${p.lastName} ${p.communeCode}`);
    expect(a).not.toEqual(b);
  });

  it('draws weighted items in proportion to their weights', () => {
    const table = weightedTable([['a', 3], ['b', 1], ['never', 0]]);
    const random = createRandom(3);
    const draws = Array.from({ length: 20_000 }, () => table.draw(random));
    expect(draws.filter((d) => d === 'a').length / draws.length).toBeCloseTo(0.75, 1);
    expect(draws).not.toContain('never');
  });
});

describe('phones', () => {
  it('gives every mobile a valid MOBILE E.164 number whose raw form normalizes back to it', () => {
    const mobiles = people.flatMap((p) => (p.mobile ? [p.mobile] : []));
    expect(mobiles.length).toBeGreaterThan(8000);
    for (const { e164, raw } of mobiles) {
      expect(isValidPhoneNumber(e164), e164).toBe(true);
      expect(parsePhoneNumberFromString(e164)?.getType(), e164).toBe('MOBILE');
      expect(normalizePhone(raw), raw).toMatchObject({ e164, valid: true, kind: 'mobile' });
    }
    expect(mobiles.filter((m) => m.e164.startsWith('+336') || m.e164.startsWith('+337')).length / mobiles.length).toBeGreaterThan(0.95);
  });

  it('gives every landline a valid FIXED_LINE number whose raw form normalizes back to it', () => {
    for (const { landline } of people) {
      if (!landline) continue;
      expect(parsePhoneNumberFromString(landline.e164)?.getType(), landline.e164).toBe('FIXED_LINE');
      expect(normalizePhone(landline.raw), landline.raw).toMatchObject({ e164: landline.e164, valid: true, kind: 'landline' });
    }
  });

  it('gives landlines the zone of the region where the person lives', () => {
    const zones: Record<string, string> = { '75': '+331', '93': '+331', '35': '+332', '29': '+332', '59': '+333', '67': '+333', '69': '+334', '13': '+334', '34': '+334', '33': '+335', '31': '+335', '974': '+262262' };
    let checked = 0;
    for (const p of people) {
      const prefix = zones[p.constituencyCode.split('-')[0] as string];
      if (!p.landline || !prefix) continue;
      expect(p.landline.e164.startsWith(prefix), `${p.city} ${p.landline.e164}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('writes numbers the many ways people type them', () => {
    const raws = people.flatMap((p) => (p.mobile ? [p.mobile.raw] : []));
    expect(raws.some((r) => /^0[67]( \d{2}){4}$/.test(r))).toBe(true);
    expect(raws.some((r) => /^0[67]\d{8}$/.test(r))).toBe(true);
    expect(raws.some((r) => /^0[67](\.\d{2}){4}$/.test(r))).toBe(true);
    expect(raws.some((r) => /^\+33 [67]( \d{2}){4}$/.test(r))).toBe(true);
  });

  it('never gives two people the same number or e-mail, and mails only the reserved .example domain', () => {
    const phones = people.flatMap((p) => [p.mobile?.e164, p.landline?.e164]).filter((x) => x !== undefined);
    expect(new Set(phones).size).toBe(phones.length);
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._-]+@[a-z]+\.example$/);
  });
});

describe('places', () => {
  it('gives each person a postal code, city and polling station of their own commune', () => {
    const { byCode } = demoCommunes();
    for (const p of people) {
      const commune = byCode.get(p.communeCode);
      expect(commune, p.communeCode).toBeDefined();
      expect(commune!.postalCodes).toContain(p.postalCode);
      expect(p.city).toBe(commune!.name);
      expect(p.pollingStationCode).toMatch(/^[0-9][0-9AB][0-9]{3}_[0-9]{4}$/);
      expect(p.pollingStationCode.startsWith(`${p.communeCode}_`)).toBe(true);
      const station = Number(p.pollingStationCode.slice(-4));
      expect(station).toBeGreaterThanOrEqual(1);
      expect(station).toBeLessThanOrEqual(commune!.stations);
      expect(p.constituencyCode).toMatch(new RegExp(`^${commune!.departement}-\\d{2}$`));
      expect(p.addressLine1).toMatch(/^\d+( bis| ter)? \S/);
    }
  });

  it('numbers polling stations as the electoral list does, about one per 1,000 inhabitants', () => {
    expect(pollingStationCode('69123', 42)).toBe('69123_0042');
    expect(pollingStationCode('2A004', 1)).toBe('2A004_0001');
    expect(pollingStationCount(120)).toBe(1);
    expect(pollingStationCount(519_127)).toBe(519);
  });

  it('draws communes in proportion to population: big cities often, each village rarely', () => {
    const counts = new Map<string, number>();
    for (const p of people) counts.set(p.communeCode, (counts.get(p.communeCode) ?? 0) + 1);
    // Paris has ~3 % of the population, Marseille ~1.3 %, Lyon ~0.75 %.
    expect(counts.get('75056')).toBeGreaterThan(220);
    expect(counts.get('75056')).toBeLessThan(390);
    expect(counts.get('13055')).toBeGreaterThan(80);
    expect(counts.get('69123')).toBeGreaterThan(40);
    const { byCode } = demoCommunes();
    const villages = [...counts].filter(([code]) => (byCode.get(code)?.population ?? 0) < 1000);
    expect(Math.max(...villages.map(([, n]) => n))).toBeLessThanOrEqual(4);
  });
});

describe('campaign data', () => {
  it('spreads support levels as specified: 45 % unknown, then 8/14/15/10/8 %', () => {
    const expected: Array<[number | null, number]> = [[null, 0.45], [1, 0.08], [2, 0.14], [3, 0.15], [4, 0.1], [5, 0.08]];
    for (const [level, p] of expected) expect(Math.abs(share((x) => x.supportLevel === level) - p), String(level)).toBeLessThan(0.015);
  });

  it('gives contact details, volunteers and objections at the specified rates', () => {
    expect(Math.abs(share((p) => p.mobile !== null) - 0.85)).toBeLessThan(0.02);
    expect(Math.abs(share((p) => p.landline !== null) - 0.4)).toBeLessThan(0.04);
    expect(Math.abs(share((p) => p.email !== null) - 0.6)).toBeLessThan(0.02);
    expect(Math.abs(share((p) => p.isVolunteer) - 0.05)).toBeLessThan(0.015);
    expect(Math.abs(share((p) => p.doNotCall !== null) - 0.04)).toBeLessThan(0.01);
    expect(Math.abs(share((p) => p.doNotEmail !== null) - 0.06)).toBeLessThan(0.015);
    expect(Math.abs(share((p) => p.legalBasis === 'member') - 0.03)).toBeLessThan(0.01);
  });

  it('records a data source consistent with the legal basis', () => {
    for (const p of people) {
      if (p.legalBasis === 'electoral_list') {
        expect(p.dataSource).toBe('liste électorale 2026');
        expect(p.email).toBeNull();
      }
      if (p.legalBasis === 'consent') expect(['pétition en ligne', 'réunion publique', 'porte-à-porte']).toContain(p.dataSource);
      if (p.legalBasis === 'member') expect(p.dataSource).toBe('fichier des adhérents');
      if (p.doNotCall) {
        expect(p.doNotCall.reason).not.toBe('');
        expect(p.doNotCall.at.getTime()).toBeGreaterThanOrEqual(p.createdAt.getTime());
      }
      if (p.doNotEmail) expect(p.email).not.toBeNull();
    }
    expect(share((p) => p.legalBasis === 'electoral_list')).toBeGreaterThan(0.3);
  });

  it('gives birth dates from 1940 to 2006 and tags from the campaign set, each once', () => {
    for (const p of people) {
      expect(p.birthDate).toMatch(/^(19[4-9]\d|200[0-6])-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(p.birthDate))).toBe(false);
      for (const tag of p.tags) expect(DEMO_TAGS).toContain(tag);
      expect(new Set(p.tags).size).toBe(p.tags.length);
      if (p.isVolunteer) expect(p.tags).toContain('bénévole');
    }
    for (const tag of DEMO_TAGS) expect(share((p) => p.tags.includes(tag)), tag).toBeGreaterThan(0.01);
  });

  it('uses accented French names', () => {
    const names = new Set(people.flatMap((p) => [p.firstName, p.lastName]));
    for (const name of ['Lefèvre', 'Hélène', 'Guérin', 'François']) expect(names).toContain(name);
  });
});
