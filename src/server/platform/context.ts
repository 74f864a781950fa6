import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.js';

/** What every service receives: the database, the instance secret, a clock (injected in tests). */
export interface AppContext {
  database: Database;
  secret: string;
  clock: () => Date;
  /** Base URL used in links sent to people (magic links, e-mails). */
  publicUrl: string;
  log?: FastifyBaseLogger;
}
