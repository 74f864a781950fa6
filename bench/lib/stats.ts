/** Percentile of a list of numbers (nearest rank), e.g. p(latencies, 0.99). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Latencies of one kind of request, in milliseconds. */
export class Latencies {
  readonly values: number[] = [];
  add(ms: number): void {
    this.values.push(ms);
  }
  summary() {
    return { n: this.values.length, p50_ms: round(percentile(this.values, 0.5)), p95_ms: round(percentile(this.values, 0.95)), p99_ms: round(percentile(this.values, 0.99)) };
  }
}

/** Times `fn` `runs` times (after `warmup` runs) and returns p50/p95 in milliseconds. */
export async function timeRepeated(runs: number, fn: () => Promise<unknown>, warmup = 2) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = new Latencies();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.add(performance.now() - start);
  }
  return times.summary();
}
