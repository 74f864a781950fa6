import fs from 'node:fs';
import pg from 'pg';

/**
 * CPU time spent by each part of a scenario, read from /proc (Linux): the load generator (this
 * process), the Relais server (its process) and PostgreSQL (the bench database's postmaster and
 * every process it started: backends, WAL writer, checkpointer, autovacuum; never another
 * PostgreSQL running on the machine). CPU seconds are what a shared, noisy machine does not
 * distort: divided by the cycles done they say what one cycle costs each part, whatever else runs.
 */
export interface CpuSplit {
  load_generator_s: number;
  server_s: number;
  postgres_s: number;
}

const TICK = 100; // USER_HZ on Linux

/** The fields of /proc/PID/stat after the command name (state first), or null once the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds a process used itself (utime + stime). */
function procCpu(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICK : 0;
}

/** CPU seconds of the children a process has reaped (cutime + cstime): a postmaster's exited backends and autovacuum workers. */
function reapedChildrenCpu(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[13]) + Number(fields[14])) / TICK : 0;
}

function parentOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : null;
}

/** The postmaster serving `url` (the parent of the backend a connection gets), if it runs on this machine. */
export async function postmasterOf(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const backend = rows[0]?.pid;
    return backend && fs.existsSync(`/proc/${backend}`) ? parentOf(backend) : null;
  } finally {
    await client.end();
  }
}

/** CPU seconds of the postmaster and each live child of it, by pid (exited children: reapedChildrenCpu). */
function postgresCpu(postmaster: number | null): Map<number, number> {
  const out = new Map<number, number>();
  if (!postmaster) return out;
  out.set(postmaster, procCpu(postmaster));
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    if (parentOf(Number(entry)) === postmaster) out.set(Number(entry), procCpu(Number(entry)));
  }
  return out;
}

/**
 * PostgreSQL's processes and the postmaster's reaped-children time, read so that they agree: a
 * backend that exits between the two reads would otherwise be counted in both or in neither (a
 * connection closed just before a measure starts made a whole import's CPU come out negative).
 */
function postgresSnapshot(postmaster: number | null): { live: Map<number, number>; reaped: number } {
  if (!postmaster) return { live: new Map(), reaped: 0 };
  for (let attempt = 0; ; attempt++) {
    const reaped = reapedChildrenCpu(postmaster);
    const live = postgresCpu(postmaster);
    if (reapedChildrenCpu(postmaster) === reaped || attempt >= 20) return { live, reaped };
  }
}

/** Starts counting; `stop()` returns the CPU seconds each part used since. */
export function startCpuMeter(serverPid: number | null, postmaster: number | null): { stop(): CpuSplit } {
  const self = process.cpuUsage();
  const server = serverPid ? procCpu(serverPid) : 0;
  const before = postgresSnapshot(postmaster);
  return {
    stop() {
      const used = process.cpuUsage(self);
      const after = postgresSnapshot(postmaster);
      let postgres = 0;
      for (const [pid, cpu] of after.live) postgres += cpu - (before.live.get(pid) ?? 0);
      // A backend or autovacuum worker that exited meanwhile (a pool closing an idle connection,
      // as at a paced load) is in the postmaster's reaped-children time, whole: count it, less
      // what it had already used when counting started.
      postgres += after.reaped - before.reaped;
      for (const [pid, cpu] of before.live) if (!after.live.has(pid)) postgres -= cpu;
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
