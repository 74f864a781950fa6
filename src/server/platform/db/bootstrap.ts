import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { appRolePassword, appUrlFrom, ensureAppRole, openDatabase, type Database } from './database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { migrate } from './migrate.js';

export interface OpenedDatabase {
  database: Database;
  secret: string;
  embedded: EmbeddedServer | null;
  /** Closes the pool, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/**
 * The database Relais runs on: the external server named by DATABASE_URL, else the embedded one
 * in the data folder. Migrates it under an advisory lock and connects as the application role.
 */
export async function openRelaisDatabase(config: Config, log: (line: string) => void = () => {}): Promise<OpenedDatabase> {
  let embedded: EmbeddedServer | null = null;
  let ownerUrl: string;
  if (config.databaseUrl) {
    ownerUrl = config.databaseUrl;
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (line) => log(`postgres: ${line}`) });
    ownerUrl = embedded.url;
  }
  try {
    const secret = config.secret ?? instanceSecret(config);
    const applied = await migrate(ownerUrl);
    if (applied.length > 0) log(`migrations applied: ${applied.join(', ')}`);
    let appUrl = config.databaseAppUrl;
    if (!appUrl) {
      const password = appRolePassword(secret);
      await ensureAppRole(ownerUrl, password);
      appUrl = appUrlFrom(ownerUrl, password);
    }
    const database = openDatabase({ kind: embedded ? 'embedded' : 'external', ownerUrl, appUrl });
    return {
      database,
      secret,
      embedded,
      async close() {
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Without RELAIS_SECRET, the embedded set-up keeps a generated secret in its data folder. */
function instanceSecret(config: Config): string {
  if (config.databaseUrl) {
    throw new Error('RELAIS_SECRET is required with DATABASE_URL (every Relais process must share it): set it to a long random string.');
  }
  const file = path.join(config.dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
