import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { DEFAULT_DEMO_SEED } from '../modules/demo/demo.data.js';
import { createDemoOrganization } from '../modules/demo/demo.service.js';
import type { AppContext } from '../platform/context.js';
import { openRelaisDatabase } from '../platform/db/bootstrap.js';

// `npm run demo -- --people 20000 --seed 7`: creates one more demo campaign (slug demo, demo-2…)
// in the configured database, filled with realistic French people, and prints how to sign in.

const USAGE = `Usage: npm run demo -- [--people N] [--seed S]

Creates a new demo campaign "Relais pour Lyon 2026" (slug demo, or demo-2, demo-3… if taken)
in the database Relais is configured with (DATABASE_URL, or the embedded server in ./data).

  --people N   how many demo people to create (default 5000, at most 2000000)
  --seed S     seed of the generator: the same seed gives the same people (default ${DEFAULT_DEMO_SEED})
  --help       show this help`;

const say = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}".`);
  const n = Number(value);
  if (n > max) fail(`--${name} must be at most ${max}, got ${value}.`);
  return n;
}

function parseCommandLine(): { people: number; seed: number } {
  let values: { people?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        people: { type: 'string', short: 'n' },
        seed: { type: 'string', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    say(USAGE);
    process.exit(0);
  }
  return {
    people: wholeNumber('people', values.people, 5000, 2_000_000),
    seed: wholeNumber('seed', values.seed, DEFAULT_DEMO_SEED, 0xffffffff),
  };
}

const { people, seed } = parseCommandLine();
const config = loadConfig();
const started = performance.now();
const opened = await openRelaisDatabase(config, (line) => {
  if (!line.startsWith('postgres:')) say(line);
}).catch((error: unknown) => {
  process.stderr.write(`Could not open the database: ${(error as Error).message}\n`);
  process.exit(1);
});
const ctx: AppContext = {
  database: opened.database,
  secret: opened.secret,
  clock: () => new Date(),
  publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
};

let exitCode = 0;
try {
  say(`Creating a demo campaign with ${people.toLocaleString('en')} people (seed ${seed})…`);
  let lastShown = 0;
  const creationStarted = performance.now();
  const demo = await createDemoOrganization(ctx, {
    people,
    seed,
    onProgress: (done) => {
      if (process.stdout.isTTY && (done - lastShown >= 10_000 || done === people)) {
        lastShown = done;
        process.stdout.write(`\r  ${done.toLocaleString('en')} / ${people.toLocaleString('en')} people`);
      }
    },
  });
  if (process.stdout.isTTY && lastShown > 0) say('');
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  say('');
  say(`Demo campaign "${demo.slug}" created in ${seconds(performance.now() - creationStarted)} s (${seconds(performance.now() - started)} s with database start-up):`);
  say(`  ${demo.seeded.people.toLocaleString('en')} people, ${demo.seeded.tags} tags, ${demo.seeded.taggings.toLocaleString('en')} tag links, 6 accounts`);
  say(`  the call campaign "${demo.content.campaignName}" open to the callers, a phone bank next Saturday, ${demo.content.rounds.length} election rounds for vote proxies`);
  say('');
  say(`  Sign in at ${ctx.publicUrl}/login`);
  say(`    E-mail:   ${demo.adminEmail}`);
  say(`    Password: ${demo.adminPassword}`);
  say('  Other roles, same password:');
  for (const member of demo.members) say(`    ${member.set.padEnd(12)} ${member.email}`);
  say('  (shown once: write the password down)');
} catch (error) {
  process.stderr.write(`Could not create the demo campaign: ${(error as Error).stack ?? String(error)}\n`);
  exitCode = 1;
} finally {
  await opened.close();
}
process.exit(exitCode);
