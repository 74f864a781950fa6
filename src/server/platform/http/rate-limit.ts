import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError } from './errors.js';

/** At most `max` hits under `key` in any `windowMs`. */
export interface RateLimit {
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Counts one hit under each key and refuses with `rate_limited` (429, translated) when a key has
 * gone past its limit. Hits live in `public_form_hits`, so every process on the database shares
 * the count; refused hits count too, so hammering keeps a client limited. Each call also drops
 * its keys' hits older than their window, which keeps the table small.
 *
 * @example
 * await hitRateLimits(db, [{ key: `ip:${ip}`, max: 20, windowMs: 600_000 }], ctx.clock());
 */
export async function hitRateLimits(db: Db, limits: readonly RateLimit[], now: Date): Promise<void> {
  if (limits.length === 0) return;
  // The table holds keys of at most 100 characters.
  const keys = limits.map((l) => l.key.slice(0, 100));
  await db
    .insertInto('public_form_hits')
    .values(keys.map((key) => ({ key, at: now })))
    .execute();
  const since = limits.map((l) => new Date(now.getTime() - l.windowMs));
  const { rows } = await sql<{ key: string; hits: number }>`
    SELECT k.key, (SELECT count(*)::int FROM public_form_hits h WHERE h.key = k.key AND h.at > k.since AND h.at <= ${now}) AS hits
      FROM unnest(${keys}::text[], ${since}::timestamptz[]) AS k (key, since)`.execute(db);
  await sql`DELETE FROM public_form_hits h USING unnest(${keys}::text[], ${since}::timestamptz[]) AS k (key, since)
             WHERE h.key = k.key AND h.at <= k.since`.execute(db);
  const hits = new Map(rows.map((r) => [r.key, r.hits]));
  if (limits.some((l) => (hits.get(l.key) ?? 0) > l.max)) throw new AppError('rate_limited');
}

/**
 * How many forms the public pages take (event sign-up, cancel link, "volunteer with us", proxy
 * request and offer), per ten minutes: from one client address (a family, or a venue's Wi-Fi at a phone bank, stays well
 * under it; a script does not), and for one organization from everywhere (a link shared widely
 * brings a few a minute; a flood of fake sign-ups from many addresses is stopped).
 */
export const PUBLIC_FORM_LIMITS = { perAddress: 20, perOrganization: 600, windowMs: 10 * 60_000 } as const;

/** Counts a public form sent and refuses it (429, in the sender's language) past either limit. */
export function limitPublicForm(ctx: AppContext, slug: string, ip: string): Promise<void> {
  const { perAddress, perOrganization, windowMs } = PUBLIC_FORM_LIMITS;
  return hitRateLimits(
    ctx.database.db,
    [
      { key: `form-ip:${ip}`, max: perAddress, windowMs },
      { key: `form-org:${slug}`, max: perOrganization, windowMs },
    ],
    ctx.clock(),
  );
}
