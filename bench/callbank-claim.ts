/**
 * Scratch measure of the callbank hot path (not the full benchmark of issue 8): N concurrent
 * callers each loop claim → record outcome on one shared-pool campaign, through the services (no
 * HTTP), against a throwaway embedded PostgreSQL. Prints cycles per second per N and the per-call
 * latency percentiles, then checks integrity (no double hand-out, every acknowledged call stored).
 *
 *   npx tsx bench/callbank-claim.ts [people=20000] [seconds=10] [callers=8,32,128]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BUILTIN_CAPABILITIES } from '../src/shared/auth/capabilities.js';
import { callFixture } from '../src/shared/scripts/script.fixtures.js';
import { CampaignCreateSchema } from '../src/shared/contracts/callbank.js';
import type { AppContext } from '../src/server/platform/context.js';
import { appRolePassword, appUrlFrom, ensureAppRole, inOrg, openDatabase } from '../src/server/platform/db/database.js';
import { startEmbeddedPostgres } from '../src/server/platform/db/embedded.js';
import { migrate } from '../src/server/platform/db/migrate.js';
import type { OrgActor } from '../src/server/platform/http/actor.js';
import { createUser } from '../src/server/modules/auth/auth.service.js';
import { addMember, createOrganization } from '../src/server/modules/network/network.service.js';
import { claimNext, recordOutcome } from '../src/server/modules/callbank/index.js';
import { createCampaign, setCampaignStatus } from '../src/server/modules/callbank/callbank.service.js';

const PEOPLE = Number(process.argv[2] ?? 20_000);
const SECONDS = Number(process.argv[3] ?? 10);
const CALLERS = (process.argv[4] ?? '8,32,128').split(',').map(Number);
const SECRET = 'bench-secret';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-claim-'));
fs.chmodSync(dir, 0o755);
const server = await startEmbeddedPostgres({
  dataDir: dir,
  settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300', shared_buffers: '256MB' },
});
try {
  await migrate(server.url);
  await ensureAppRole(server.url, appRolePassword(SECRET));
  const maxCallers = Math.max(...CALLERS);
  const database = openDatabase({ kind: 'embedded', ownerUrl: server.url, appUrl: appUrlFrom(server.url, appRolePassword(SECRET)), poolSize: Math.min(64, maxCallers) });
  const ctx: AppContext = { database, secret: SECRET, clock: () => new Date('2026-07-01T10:00:00Z'), publicUrl: 'http://bench' };
  const { id: orgId } = await createOrganization(ctx, { name: 'Bench', slug: 'bench' });
  const actorFor = async (set: 'organizer' | 'caller', i: number): Promise<OrgActor> => {
    const userId = await createUser(ctx, { email: `${set}${i}@bench.test`, name: `${set} ${i}` });
    await inOrg(database.db, { orgId, userId }, (tx) => addMember(tx, orgId, userId, set));
    return {
      user: { id: userId, email: `${set}${i}@bench.test`, name: `${set} ${i}`, hasPassword: false },
      session: null,
      org: { id: orgId, slug: 'bench', name: 'Bench', timeZone: 'Europe/Paris', permissionSet: set, capabilities: new Set(BUILTIN_CAPABILITIES[set]) },
      locale: 'fr',
      ip: '127.0.0.1',
    };
  };
  const organizer = await actorFor('organizer', 0);
  const callers: OrgActor[] = [];
  for (let i = 0; i < maxCallers; i++) callers.push(await actorFor('caller', i));

  const owner = new pg.Client({ connectionString: server.url });
  await owner.connect();
  await owner.query(
    `INSERT INTO people (org_id, first_name, last_name, city, mobile_e164, mobile_valid, legal_basis)
     SELECT $1, 'P' || g, 'N' || g, 'Lyon', '+336' || lpad(g::text, 8, '0'), true, 'consent' FROM generate_series(1, $2) g`,
    [orgId, PEOPLE],
  );
  const script = await owner.query<{ id: string }>(
    `WITH s AS (INSERT INTO scripts (org_id, name, document) VALUES ($1, 'Bench', $2) RETURNING id)
     INSERT INTO script_versions (org_id, script_id, version, name, language, document) SELECT $1, s.id, 1, 'Bench', 'fr', $2 FROM s RETURNING id`,
    [orgId, JSON.stringify(callFixture)],
  );
  const scriptVersionId = script.rows[0]!.id;
  const answers = { 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'knows' };

  console.log(`people=${PEOPLE} seconds=${SECONDS} cores=${os.cpus().length}`);
  console.log('callers | cycles/s | claim p50/p95/p99 ms | outcome p50/p95/p99 ms | double | lost');
  for (const n of CALLERS) {
    const started = Date.now();
    const campaign = await createCampaign(ctx, organizer, CampaignCreateSchema.parse({ name: `Bench ${n}`, scriptVersionId, source: { filter: {} } }));
    await setCampaignStatus(ctx, organizer, campaign.id, 'active');
    // Callers reach only campaigns they were invited to.
    await owner.query(`INSERT INTO call_campaign_callers (org_id, campaign_id, user_id) SELECT $1, $2, unnest($3::uuid[])`, [orgId, campaign.id, callers.map((c) => c.user.id)]);
    await owner.query('VACUUM ANALYZE call_targets');
    const holders = new Map<string, string>();
    let doubles = 0;
    const acknowledged: string[] = [];
    const claimMs: number[] = [];
    const outcomeMs: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const t0 = Date.now();
    await Promise.all(
      callers.slice(0, n).map(async (caller) => {
        while (Date.now() < deadline) {
          const a = performance.now();
          const result = await claimNext(ctx, caller, campaign.id);
          claimMs.push(performance.now() - a);
          if (result.status === 'none') return;
          if (holders.has(result.claim.targetId)) doubles++;
          holders.set(result.claim.targetId, caller.user.id);
          const callId = randomUUID();
          const b = performance.now();
          await recordOutcome(ctx, caller, campaign.id, result.claim.targetId, { callId, outcome: 'talked', answers });
          outcomeMs.push(performance.now() - b);
          acknowledged.push(callId);
        }
      }),
    );
    const elapsed = (Date.now() - t0) / 1000;
    const stored = await owner.query<{ n: string }>('SELECT count(*) AS n FROM calls WHERE campaign_id = $1 AND client_call_id = ANY($2::uuid[])', [campaign.id, acknowledged]);
    const lost = acknowledged.length - Number(stored.rows[0]!.n);
    claimMs.sort((x, y) => x - y);
    outcomeMs.sort((x, y) => x - y);
    const f = (xs: number[]) => [50, 95, 99].map((p) => percentile(xs, p).toFixed(1)).join('/');
    console.log(`${String(n).padStart(7)} | ${(acknowledged.length / elapsed).toFixed(0).padStart(8)} | ${f(claimMs).padStart(20)} | ${f(outcomeMs).padStart(22)} | ${doubles} | ${lost}   (setup ${((t0 - started) / 1000).toFixed(1)} s)`);
    await setCampaignStatus(ctx, organizer, campaign.id, 'done');
  }
  await owner.end();
  await database.close();
} finally {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
