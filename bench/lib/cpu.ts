import fs from 'node:fs';

/**
 * CPU time spent by each part of a scenario, read from /proc (Linux): the load generator (this
 * process), the Relais server (its process) and PostgreSQL (every process named `postgres`, which
 * covers the embedded server and Debian's). CPU seconds are what a shared, noisy machine does not
 * distort: divided by the cycles done they say what one cycle costs each part, whatever else runs.
 */
export interface CpuSplit {
  load_generator_s: number;
  server_s: number;
  postgres_s: number;
}

const TICK = 100; // USER_HZ on Linux

function procCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** CPU seconds of every live PostgreSQL process, by pid (a backend that exits takes its time away: the pools here keep theirs). */
function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm.startsWith('postgres:')) out.set(Number(entry), procCpu(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Starts counting; `stop()` returns the CPU seconds each part used since. */
export function startCpuMeter(serverPid: number | null): { stop(): CpuSplit } {
  const self = process.cpuUsage();
  const server = serverPid ? procCpu(serverPid) : 0;
  const pg = postgresCpu();
  return {
    stop() {
      const used = process.cpuUsage(self);
      let postgres = 0;
      for (const [pid, cpu] of postgresCpu()) postgres += cpu - (pg.get(pid) ?? 0);
      return {
        load_generator_s: round((used.user + used.system) / 1e6),
        server_s: serverPid ? round(procCpu(serverPid) - server) : 0,
        postgres_s: round(postgres),
      };
    },
  };
}

/** Milliseconds of CPU per cycle for each part. */
export function perCycle(split: CpuSplit, cycles: number) {
  const per = (s: number) => (cycles > 0 ? Math.round((s * 1000 * 100) / cycles) / 100 : null);
  return { load_generator_ms: per(split.load_generator_s), server_ms: per(split.server_s), postgres_ms: per(split.postgres_s) };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
