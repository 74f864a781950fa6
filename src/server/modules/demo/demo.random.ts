/**
 * A small seeded pseudo-random generator for the demo campaign: the same seed always yields the
 * same people, so a demo, a screenshot or a benchmark can be rebuilt exactly.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** `count` decimal digits, leading zeros kept ("0042"). */
  digits(count: number): string;
}

/**
 * Mulberry32: 32 bits of state, fast, and plenty for fake people (not for anything secret).
 *
 * @example const random = createRandom(42); random.int(1, 6);
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i++) out += String(Math.floor(next() * 10));
      return out;
    },
  };
}

/** A list of items drawn in proportion to their weights, by binary search on cumulative weights. */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly total: number;
  draw(random: Random): T;
}

/**
 * Precomputes the cumulative weights once, so each draw costs O(log n) even over 35,000 communes.
 *
 * @example weightedTable([['oui', 3], ['non', 1]]).draw(createRandom(1)) // 'oui' three times out of four
 */
export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const items: T[] = [];
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  for (const [item, weight] of entries) {
    if (!(weight > 0)) continue;
    total += weight;
    cumulative[items.length] = total;
    items.push(item);
  }
  if (items.length === 0) throw new Error('weighted table with no positive weight');
  const last = items.length - 1;
  return {
    items,
    total,
    draw(random) {
      const target = random.next() * total;
      let low = 0;
      let high = last;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((cumulative[mid] as number) > target) high = mid;
        else low = mid + 1;
      }
      return items[low] as T;
    },
  };
}

/** A stable 32-bit hash (FNV-1a) of a code, for choices that must not depend on the seed. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
