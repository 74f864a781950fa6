import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * How often a statement's text must be seen in this process before it is prepared, and how many
 * distinct statements may be prepared (each costs a cached plan in every connection's backend).
 */
const PREPARE_AFTER = 3;
const MAX_PREPARED = 200;

const seen = new Map<string, number>();
const names = new Map<string, string>();

/**
 * The name a statement is prepared under, once it has proved frequent: the hot paths (a caller
 * claiming the next person, saving a call, the session lookup) then skip parsing and planning in
 * PostgreSQL at each request, which a CPU profile showed to be a large share of their cost. Only
 * parameterized statements are considered (Kysely keeps values out of the text, so texts vary by
 * shape only); BEGIN/COMMIT and statements sent once are left alone.
 */
export function preparedNameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (names.size >= MAX_PREPARED) return undefined;
  const count = (seen.get(text) ?? 0) + 1;
  if (count < PREPARE_AFTER) {
    if (seen.size > 10_000) seen.clear();
    seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const name = `relais_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

/**
 * A pg client that sends frequent parameterized statements as named prepared statements (parsed
 * and planned once per connection; PostgreSQL switches to a generic plan only where it costs no
 * more than the custom ones). Everything else goes through unchanged.
 */
export class PreparingClient extends pg.Client {
  // pg's query() has many overloads; only (text, values[, callback]) with values is rewritten.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = preparedNameFor(text);
      if (name) {
        const config = { name, text, values };
        return (callback === undefined ? super.query(config) : super.query(config, callback as never)) as never;
      }
    }
    return (super.query as (...a: unknown[]) => unknown)(...args) as never;
  }
}
