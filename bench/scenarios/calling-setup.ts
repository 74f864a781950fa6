import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { createCampaign, setCampaignStatus } from '../../src/server/modules/callbank/callbank.service.js';
import { csrfTokenFor, newToken, tokenHash } from '../../src/server/modules/auth/auth.crypto.js';
import { createUser } from '../../src/server/modules/auth/auth.service.js';
import { seedDemoPeople } from '../../src/server/modules/demo/demo.service.js';
import { addMember, createOrganization } from '../../src/server/modules/network/network.service.js';
import { createScript, publishScript } from '../../src/server/modules/scripts/scripts.service.js';
import { inOrg } from '../../src/server/platform/db/database.js';
import { nextSection } from '../../src/shared/scripts/script.walker.js';
import type { ScriptDocument } from '../../src/shared/scripts/script.schema.js';
import { adminActor, type BenchEnv } from '../lib/env.js';

export interface CallingSetup {
  orgId: string;
  campaignId: string;
  rawCampaignId: string;
  scriptVersionId: string;
  answers: Record<string, string>;
  callers: { userId: string; cookie: string; csrf: string }[];
}

/**
 * A fixed-offset time zone where it is about noon now. Calling hours end at 23:59 at the latest
 * (end excluded), so a campaign in the organization's zone stops handing people out for the last
 * minute of each local day: a run that crossed it saw every caller told "outside hours" (the
 * embedded run of 2026-12-07 started at 23:59 in Paris and counted no cycle). Etc/GMT-N is UTC+N.
 */
function zoneAroundNoon(now = new Date()): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const campaignDefaults = {
  timeZone: zoneAroundNoon(),
  hoursStart: '00:00',
  hoursEnd: '23:59',
  weekdayHours: {},
  maxAttempts: 3,
  retryDelayMinutes: 240,
  claimTimeoutSeconds: 900,
  mode: 'shared_pool' as const,
  excludedSupportLevels: [],
  briefing: '',
};

/** ANALYZE as the database owner (the application role may not). */
async function analyze(env: BenchEnv, tables: readonly string[]): Promise<void> {
  const owner = new pg.Client({ connectionString: env.ownerUrl });
  await owner.connect();
  try {
    for (const table of tables) await owner.query(`ANALYZE ${table}`);
  } finally {
    await owner.end();
  }
}

/** Tags every person of the organization not already tagged `unless` (set-based). */
async function tagAll(env: BenchEnv, orgId: string, name: string, unless?: string): Promise<void> {
  await inOrg(env.ctx.database.db, { orgId }, async (tx) => {
    const tag = await tx.insertInto('tags').values({ org_id: orgId, name }).returning('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO person_tags (org_id, tag_id, person_id)
      SELECT p.org_id, ${tag.id}, p.id FROM people p
       WHERE p.org_id = ${orgId}
         AND NOT EXISTS (SELECT 1 FROM person_tags pt JOIN tags t ON t.org_id = pt.org_id AND t.id = pt.tag_id
                          WHERE pt.org_id = p.org_id AND pt.person_id = p.id AND t.name = ${unless ?? ''})`.execute(tx);
  });
}

/** Answers a caller would click through the script: the first choice of every question on the way. */
export function answersAlongFirstChoices(doc: ScriptDocument): Record<string, string> {
  const answers: Record<string, string> = {};
  let sectionId: string | null = doc.startSectionId;
  const seen = new Set<string>();
  while (sectionId && !seen.has(sectionId)) {
    seen.add(sectionId);
    const section = doc.sections.find((s) => s.id === sectionId);
    if (!section) break;
    for (const q of section.questions) {
      const choice = q.choices[0];
      if (q.kind === 'choice' && choice) answers[q.id] = choice.id;
    }
    sectionId = nextSection(doc, sectionId, answers);
  }
  return answers;
}

/** An organization with `people` people, a published script, two campaigns (Relais's and the raw baseline's) and `callers` signed-in callers. */
export async function setUpCalling(env: BenchEnv, opts: { people: number; callers: number; slug: string; crowd?: number }): Promise<CallingSetup> {
  const { ctx } = env;
  const adminId = await createUser(ctx, { email: `admin-${opts.slug}@bench.invalid`, name: 'Bench Admin' });
  const { id: orgId } = await createOrganization(ctx, { name: `Bench ${opts.slug}`, slug: opts.slug }, adminId);
  const actor = adminActor(orgId, adminId);
  const script = await createScript(ctx, actor, { fromExample: 'persuasion', locale: 'fr' });
  const version = await publishScript(ctx, actor, script.id);
  if (opts.crowd) {
    // The crowd, older than the campaign: half in another organization, half in this one, each
    // half in a campaign of its own.
    const otherAdmin = await createUser(ctx, { email: `admin-crowd-${opts.slug}@bench.invalid`, name: 'Crowd Admin' });
    const { id: otherOrg } = await createOrganization(ctx, { name: `Crowd ${opts.slug}`, slug: `crowd-${opts.slug}` }, otherAdmin);
    const otherActor = adminActor(otherOrg, otherAdmin);
    await seedDemoPeople(ctx, otherOrg, Math.floor(opts.crowd / 2), { seed: 3 });
    const otherScript = await createScript(ctx, otherActor, { fromExample: 'gotvProxy', locale: 'fr' });
    const otherVersion = await publishScript(ctx, otherActor, otherScript.id);
    await createCampaign(ctx, otherActor, { ...campaignDefaults, name: 'Crowd elsewhere', scriptVersionId: otherVersion.id, source: { filter: {} } });
    await seedDemoPeople(ctx, orgId, Math.ceil(opts.crowd / 2), { seed: 5 });
    await createCampaign(ctx, actor, { ...campaignDefaults, name: 'Crowd here', scriptVersionId: version.id, source: { filter: {} } });
    await tagAll(env, orgId, 'crowd');
  }
  await seedDemoPeople(ctx, orgId, opts.people, { seed: 11 });
  // Fresh statistics first: a second setup in the same database (embedded, paced) otherwise plans
  // the tagging below on the first one's numbers, and a nested loop over 100,000 people took hours.
  await analyze(env, ['people', 'person_tags', 'tags']);
  // Mark this run's people so the campaigns take only them.
  await tagAll(env, orgId, 'bench-target', 'crowd');
  const campaignInput = {
    ...campaignDefaults,
    scriptVersionId: version.id,
    source: { filter: { tags: ['bench-target'] } },
  };
  const campaign = await createCampaign(ctx, actor, { ...campaignInput, name: 'Relais' });
  const raw = await createCampaign(ctx, actor, { ...campaignInput, name: 'Raw baseline' });
  await setCampaignStatus(ctx, actor, campaign.id, 'active');
  await setCampaignStatus(ctx, actor, raw.id, 'active');

  // Callers in bulk: accounts, caller memberships and sessions, as magic links would leave them.
  const callers: CallingSetup['callers'] = [];
  const users = Array.from({ length: opts.callers }, (_, i) => ({ email: `caller-${i}-${randomBytes(3).toString('hex')}@${opts.slug}.invalid`, name: `Appelant ${i}`, updated_at: new Date() }));
  for (let i = 0; i < users.length; i += 1000) {
    const rows = await ctx.database.db.insertInto('users').values(users.slice(i, i + 1000)).returning('id').execute();
    const tokens = rows.map(() => newToken());
    await inOrg(ctx.database.db, { orgId }, async (tx) => {
      for (const row of rows) await addMember(tx, orgId, row.id, 'caller');
      // Invited to both campaigns, as the invitation link does: callers reach only campaigns handed to them.
      await tx
        .insertInto('call_campaign_callers')
        .values(rows.flatMap((row) => [campaign.id, raw.id].map((campaignId) => ({ org_id: orgId, campaign_id: campaignId, user_id: row.id }))))
        .execute();
    });
    await ctx.database.db
      .insertInto('sessions')
      .values(rows.map((row, j) => ({ token_hash: tokenHash(tokens[j]!), user_id: row.id, current_org_id: orgId, locale: 'fr' as const, expires_at: new Date(Date.now() + 86_400_000), last_seen_at: new Date() })))
      .execute();
    rows.forEach((row, j) => callers.push({ userId: row.id, cookie: `relais_session=${tokens[j]}`, csrf: csrfTokenFor(env.secret, tokenHash(tokens[j]!)) }));
  }
  return { orgId, campaignId: campaign.id, rawCampaignId: raw.id, scriptVersionId: version.id, answers: answersAlongFirstChoices(version.document), callers };
}
