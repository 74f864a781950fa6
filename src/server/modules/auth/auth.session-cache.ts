import type { SessionActorRow } from './auth.repository.js';

/**
 * Sessions kept a moment per process. Every request reads its session, and a caller's claim and
 * save are two requests a few seconds apart, thousands of times an hour: the lookup was two of a
 * call's round trips. A session is kept KEEP_MS, by both the wall clock and the application's
 * clock (tests move the latter). Anything done through this process that changes what a session
 * may do (signing out, a password change, a locale, another organization, a member's permission
 * set, an invitation) forgets every kept session of that database at once; a change made by
 * another process is seen here within KEEP_MS.
 */
const KEEP_MS = 1000;
const MAX_KEPT = 50_000;

interface Kept {
  row: SessionActorRow;
  wall: number;
  clock: number;
}

// One store per database (tests run several in one process), keyed by the token's hash.
const stores = new WeakMap<object, Map<string, Kept>>();

function storeOf(db: object): Map<string, Kept> {
  let store = stores.get(db);
  if (!store) {
    store = new Map();
    stores.set(db, store);
  }
  return store;
}

/** The session kept for this token hash, if it was read less than a second ago. */
export function keptSession(db: object, hash: Buffer, now: Date): SessionActorRow | undefined {
  const store = storeOf(db);
  const key = hash.toString('hex');
  const kept = store.get(key);
  if (!kept) return undefined;
  const age = now.getTime() - kept.clock;
  if (Date.now() - kept.wall < KEEP_MS && age >= 0 && age < KEEP_MS) return kept.row;
  store.delete(key);
  return undefined;
}

/** Keeps a session just read from the database. */
export function keepSession(db: object, hash: Buffer, row: SessionActorRow, now: Date): void {
  const store = storeOf(db);
  if (store.size >= MAX_KEPT) store.clear();
  store.set(hash.toString('hex'), { row, wall: Date.now(), clock: now.getTime() });
}

/** Forgets every session kept for this database (after a change to sessions or memberships). */
export function forgetSessions(db: object): void {
  stores.get(db)?.clear();
}
