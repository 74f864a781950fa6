import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

/**
 * NOTIFY sent by the application after its transaction commits, gathered per process.
 *
 * A NOTIFY inside a transaction makes its commit take a database-wide lock, held while the commit
 * is flushed to disk: under load every transaction that notifies waits for the previous one to
 * commit, and the calls table's trigger used to notify at each saved call (the benchmark's
 * `RELAIS_BENCH_PG_STATS=1` showed commits queueing on `Lock:object`). Listeners only need to know
 * that something changed, soon: so a committed change is announced here, and each process sends the
 * distinct announcements of the last few milliseconds in one statement of its own, at most every
 * `MIN_INTERVAL_MS`. A change is announced within about that delay of its commit; an announcement
 * still waiting when the process stops is lost, like a notification to a process that is down.
 */
const MIN_INTERVAL_MS = 50;

const pendingByTx = new WeakMap<Tx, Set<string>>();
const senders = new WeakMap<Db, Sender>();

/** Announces `payload` on `channel` once the transaction `tx` has committed (never if it rolls back). */
export function notifyAfterCommit(tx: Tx, channel: string, payload: string): void {
  let set = pendingByTx.get(tx);
  if (!set) pendingByTx.set(tx, (set = new Set()));
  set.add(`${channel}\u0000${payload}`);
}

/** Called by inOrg/asUser once `tx` committed: hands its announcements to the process's sender. */
export function transactionCommitted(db: Db, tx: Tx): void {
  const set = pendingByTx.get(tx);
  if (!set) return;
  pendingByTx.delete(tx);
  let sender = senders.get(db);
  if (!sender) senders.set(db, (sender = new Sender(db)));
  for (const entry of set) sender.add(entry);
}

/** Called when `tx` rolled back: its announcements are dropped (its connection may run another transaction). */
export function transactionRolledBack(tx: Tx): void {
  pendingByTx.delete(tx);
}

class Sender {
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private lastSent = 0;

  constructor(private readonly db: Db) {}

  add(entry: string): void {
    this.queued.add(entry);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.sending) return;
    const wait = Math.max(0, this.lastSent + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => void this.send(), wait);
    this.timer.unref();
  }

  private async send(): Promise<void> {
    this.timer = null;
    if (this.queued.size === 0) return;
    const entries = [...this.queued];
    this.queued.clear();
    this.sending = true;
    this.lastSent = Date.now();
    const channels = entries.map((e) => e.slice(0, e.indexOf('\u0000')));
    const payloads = entries.map((e) => e.slice(e.indexOf('\u0000') + 1));
    try {
      await sql`SELECT pg_notify(c, p) FROM unnest(${channels}::text[], ${payloads}::text[]) AS n (c, p)`.execute(this.db);
    } catch {
      // The database is away or the pool closed: listeners catch up at the next change.
    } finally {
      this.sending = false;
      if (this.queued.size > 0) this.schedule();
    }
  }
}
