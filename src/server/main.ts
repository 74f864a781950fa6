import { sql } from 'kysely';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createDemoOrganization } from './modules/demo/demo.service.js';
import type { AppContext } from './platform/context.js';
import { openRelaisDatabase } from './platform/db/bootstrap.js';
import { startJobWorker } from './platform/jobs/jobs.js';

// Reads the configuration, opens (and if embedded, starts) PostgreSQL, migrates, creates the demo
// campaign on the very first start, then serves the API and the web app.
const config = loadConfig();
const say = (line: string) => process.stdout.write(`${line}\n`);
const quiet = config.logLevel === 'silent';

const opened = await openRelaisDatabase(config, (line) => {
  if (!quiet && !line.startsWith('postgres:')) say(line);
});
const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
const ctx: AppContext = {
  database: opened.database,
  secret: opened.secret,
  clock: () => new Date(),
  publicUrl,
  // Without SMTP settings, e-mails wait in the outbox (readable on the outbox page).
  mail: { smtp: config.smtp, from: config.smtp?.from ?? 'Relais <no-reply@localhost>' },
};

let shuttingDown = false;
async function shutdown(signal: string, code = 0): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say(`${signal}: stopping Relais…`);
  await app?.close().catch(() => {});
  await worker?.stop().catch(() => {});
  await opened.close().catch(() => {});
  process.exit(code);
}
let app: Awaited<ReturnType<typeof buildApp>> | undefined;
let worker: ReturnType<typeof startJobWorker> | undefined;
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  let demo: Awaited<ReturnType<typeof createDemoOrganization>> | null = null;
  if (!config.noDemo) {
    // The marker row makes creation happen once, even with several processes starting together.
    const claimed = await opened.database.db
      .insertInto('instance_settings')
      .values({ key: 'demo_created', value: JSON.stringify({ at: new Date().toISOString() }) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed) {
      say(`First start: creating the demo campaign with ${config.demoPeople} people…`);
      demo = await createDemoOrganization(ctx, { people: config.demoPeople });
    }
  }
  app = await buildApp(ctx, { logger: quiet ? false : { level: config.logLevel === 'info' ? 'warn' : config.logLevel }, serveClient: true });
  await app.listen({ port: config.port, host: config.host });
  // Imports, batch updates and e-mails run beside the requests, in this same stateless process.
  worker = startJobWorker({ ...ctx, log: app.log });
  await sql`SELECT 1`.execute(opened.database.db);
  say('');
  say(`Relais is running on ${publicUrl} (database: ${opened.database.kind})`);
  if (demo) {
    say('');
    say('  Demo campaign created. Sign in with:');
    say(`    URL:      ${publicUrl}/login`);
    say(`    E-mail:   ${demo.adminEmail}`);
    say(`    Password: ${demo.adminPassword}`);
    say(`  Ready to try: the call campaign "${demo.content.campaignName}" (callers: ${demo.members.filter((m) => m.set === 'caller').map((m) => m.email).join(', ')}, same password),`);
    say('  a phone bank next Saturday on the public events page, and open rounds on the vote-proxy forms.');
    say('  (shown once: write the password down)');
  }
  say('');
} catch (error) {
  process.stderr.write(`Relais could not start: ${(error as Error).stack ?? String(error)}\n`);
  await shutdown('error', 1);
}
