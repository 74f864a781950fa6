import { describe, expect, it } from 'vitest';
import type { ImportField } from '../../../shared/people/import-fields.js';
import { stageText } from './import-merge.js';
import { normalizeRecord, planMapping, type MappingPlan } from './import-rows.js';

function plan(fields: ImportField[]): MappingPlan {
  const result = planMapping(fields.map((field, column) => ({ column, field })), fields, []);
  if (Array.isArray(result)) throw new Error(JSON.stringify(result));
  return result;
}

describe('stageText', () => {
  it('builds one COPY line per person, in order, split into parts on line boundaries', async () => {
    const q = plan(['firstName', 'lastName', 'email', 'phone']);
    // Enough people for several ~256 KiB parts; a backslash in a name is escaped.
    const people = Array.from({ length: 6_000 }, (_, i) =>
      normalizeRecord([`Zoé ${i}`, `D'Arc \\ ${'x'.repeat(40)}`, `p${i}@example.fr`, '06 12 34 56 78'], i + 2, q).person!,
    );
    const { parts } = await stageText(people, { slice: 7 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.endsWith('\n')).toBe(true);
    const lines = parts.join('').split('\n').slice(0, -1);
    expect(lines).toHaveLength(people.length);
    expect(lines.map((l) => Number(l.split('\t')[0]))).toEqual(people.map((p) => p.line));
    expect(lines[0]).toContain('\tZoé 0\t');
    expect(lines[0]).toContain("D'Arc \\\\ ");
    // The search text (last column) is folded: no accent, lower case.
    expect(lines[0]!.split('\t').at(-1)).toContain('zoe');
    // Left to the database (null) when the lines are expected to be people already there.
    const later = await stageText(people.slice(0, 3), { searchText: false });
    expect(later.parts.join('').split('\n').slice(0, -1).map((l) => l.split('\t').at(-1))).toEqual(['\\N', '\\N', '\\N']);
  });
});
