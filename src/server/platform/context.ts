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
  /** Outgoing e-mail: without `smtp`, messages stay in the outbox (readable on the outbox page). */
  mail?: MailSettings;
}

/** How Relais sends e-mail (from config.smtp). */
export interface MailSettings {
  smtp?: { host: string; port: number; secure: boolean; user?: string | undefined; password?: string | undefined } | undefined;
  from: string;
}
