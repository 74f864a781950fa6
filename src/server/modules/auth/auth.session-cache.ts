import pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import type { SessionActorRow } from './auth.repository.js';

/**
 * Sessions kept per process. Every request reads its session (with its user and membership), and
 * a caller saves a call every minute or so, for hours: the lookup was a round trip of every call.
 *
 * A session is kept WATCHED_KEEP_MS while this process LISTENs to `relais_sessions`, on which the
 * database announces any change to what a session may do, whoever made it (triggers of migration
 * 0024: sessions ended, a user's name, locale or password, memberships, permission sets, an
 * organization's name or time zone). An announcement forgets every kept session of that database.
 * While the LISTEN connection is not up (starting, or lost and reconnecting), sessions are kept
 * UNWATCHED_KEEP_MS only, and a change made by another process is seen within that second. Changes
 * made through this process also forget at once (forgetSessions), without waiting for the
 * announcement. Both limits count on the wall clock and the application's clock (tests move the
 * latter).
 */
const WATCHED_KEEP_MS = 5 * 60 * 1000;
const UNWATCHED_KEEP_MS = 1000;
const MAX_KEPT = 50_000;
const RECONNECT_MS = 1000;
export const SESSIONS_CHANNEL = 'relais_sessions';

interface Kept {
  row: SessionActorRow;
  wall: number;
  clock: number;
}

interface Store {
  kept: Map<string, Kept>;
  /**
   * Bumped by every forget: a lookup that started before a change and ends after its
   * announcement was heard must not keep what it read (see lookupStarted / keepSession).
   */
  generation: number;
  watch: SessionWatch | null;
}

// One store per database (tests run several in one process), keyed by the token's hash.
const stores = new WeakMap<object, Store>();

function storeOf(db: object): Store {
  let store = stores.get(db);
  if (!store) {
    store = { kept: new Map(), generation: 0, watch: null };
    stores.set(db, store);
  }
  return store;
}

function forget(store: Store): void {
  store.kept.clear();
  store.generation++;
}

/** The session kept for this token hash, if it was read recently enough (see above). */
export function keptSession(database: Database, hash: Buffer, now: Date): SessionActorRow | undefined {
  const store = storeOf(database.db);
  store.watch ??= new SessionWatch(database.appUrl, () => forget(store));
  const key = hash.toString('hex');
  const kept = store.kept.get(key);
  if (!kept) return undefined;
  const keepMs = store.watch.listening ? WATCHED_KEEP_MS : UNWATCHED_KEEP_MS;
  const age = now.getTime() - kept.clock;
  if (Date.now() - kept.wall < keepMs && age >= 0 && age < keepMs) return kept.row;
  store.kept.delete(key);
  return undefined;
}

/** To call before reading a session from the database; hand the result to keepSession. */
export function lookupStarted(db: object): number {
  return storeOf(db).generation;
}

/** Keeps a session just read, unless something was forgotten since the read began (it may be stale). */
export function keepSession(db: object, hash: Buffer, row: SessionActorRow, now: Date, generation: number): void {
  const store = storeOf(db);
  if (store.generation !== generation) return;
  if (store.kept.size >= MAX_KEPT) store.kept.clear();
  store.kept.set(hash.toString('hex'), { row, wall: Date.now(), clock: now.getTime() });
}

/** Forgets every session kept for this database (after a change to sessions or memberships). */
export function forgetSessions(db: object): void {
  const store = stores.get(db);
  if (store) forget(store);
}

/** How many times this database's kept sessions were forgotten (tests wait on it). */
export function sessionsForgotten(db: object): number {
  return stores.get(db)?.generation ?? 0;
}

/** Whether this process hears the database's announcements for these sessions now (tests wait for it). */
export function sessionsWatched(db: object): boolean {
  return stores.get(db)?.watch?.listening === true;
}

/** Closes the LISTEN connection of this database's sessions (the app is closing). */
export async function stopWatchingSessions(db: object): Promise<void> {
  const store = stores.get(db);
  const watch = store?.watch;
  if (!store || !watch) return;
  store.watch = null;
  forget(store);
  await watch.stop();
}

/**
 * One connection LISTENing to `relais_sessions`. `listening` is true only between a LISTEN that
 * succeeded and the loss of its connection; both moments forget every kept session, since
 * announcements may have been missed while it was down. The connection never keeps the process
 * alive (a test that does not close its app still ends), and it reconnects while the process runs.
 */
class SessionWatch {
  listening = false;
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly onForget: () => void,
  ) {
    this.connect();
  }

  private connect(): void {
    const client = new pg.Client({ connectionString: this.url });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === SESSIONS_CHANNEL) this.onForget();
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client
      .connect()
      .then(() => {
        unref(client);
        return client.query(`LISTEN ${SESSIONS_CHANNEL}`);
      })
      .then(() => {
        if (this.client !== client) return;
        // Whatever was kept before now was kept for a second only: start afresh, watched.
        this.onForget();
        this.listening = true;
      })
      .catch(() => this.lost(client));
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.onForget();
    void client.end().catch(() => {});
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}

/** pg keeps its socket as `connection.stream`; an idle LISTEN must not hold the event loop. */
function unref(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
}
