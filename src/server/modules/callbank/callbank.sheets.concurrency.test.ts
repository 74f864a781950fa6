import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg, openDatabase } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { claimNext } from './callbank.claim.js';
import { makeActiveCampaign, makeActor, makeCaller, makePeople } from './callbank.fixtures.js';
import { recordOutcome } from './callbank.outcome.js';
import { openTarget, reserveMySheet } from './callbank.sheets.js';

let ctx: TestContext;

beforeAll(async () => {
  // 15:00 in Paris: inside calling hours.
  ctx = await createTestContext({ now: new Date('2026-07-01T13:00:00Z') });
});

describe('sheet reservations under concurrency', () => {
  it('never gives a person both to a pool caller and to another caller’s sheet, and loses no call', async () => {
    const org = await makeOrg(ctx);
    const organizer = await makeActor(ctx, org, 'organizer');
    const campaign = await makeActiveCampaign(ctx, organizer, await makePeople(ctx, org.id, 300));
    const poolCallers: OrgActor[] = [];
    const sheetCallers: OrgActor[] = [];
    for (let i = 0; i < 30; i++) poolCallers.push(await makeCaller(ctx, org, campaign.id));
    for (let i = 0; i < 10; i++) sheetCallers.push(await makeCaller(ctx, org, campaign.id));
    const database = openDatabase({ kind: ctx.database.kind, ownerUrl: ctx.ownerUrl, appUrl: ctx.database.appUrl, poolSize: 30 });
    const wide = { ...ctx, database };
    // Who worked on each target: by the pool's claim, or by opening it from one's sheet.
    const workedBy = new Map<string, string[]>();
    const note = (targetId: string, userId: string) => workedBy.set(targetId, [...(workedBy.get(targetId) ?? []), userId]);
    try {
      await Promise.all([
        ...poolCallers.map(async (caller) => {
          for (;;) {
            const result = await claimNext(wide, caller, campaign.id);
            if (result.status === 'none') return;
            note(result.claim.targetId, caller.user.id);
            await recordOutcome(wide, caller, campaign.id, result.claim.targetId, { callId: randomUUID(), outcome: 'refused', answers: {} });
          }
        }),
        ...sheetCallers.map(async (caller) => {
          // Reserve a few at a time while the pool is being called, then enter each call from the sheet.
          for (let round = 0; round < 3; round++) {
            await reserveMySheet(wide, caller, campaign.id, 4);
            const mine = await inOrg(wide.database.db, { orgId: org.id }, (tx) =>
              tx
                .selectFrom('call_targets')
                .select('id')
                .where('org_id', '=', org.id)
                .where('campaign_id', '=', campaign.id)
                .where('assigned_caller', '=', caller.user.id)
                .where('status', '=', 'queued')
                .execute(),
            );
            for (const { id } of mine) {
              const opened = await openTarget(wide, caller, campaign.id, id);
              expect(opened.status).toBe('claimed');
              note(id, caller.user.id);
              await recordOutcome(wide, caller, campaign.id, id, { callId: randomUUID(), outcome: 'refused', answers: {} });
            }
          }
        }),
      ]);
    } finally {
      await database.close();
    }
    expect([...workedBy.values()].filter((users) => users.length > 1)).toEqual([]);
    const rows = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('calls').select(['target_id', 'caller_id']).where('org_id', '=', org.id).where('campaign_id', '=', campaign.id).execute(),
    );
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.target_id)).size).toBe(300);
    expect(workedBy.size).toBe(300);
    // Every reserved person was called by the caller who reserved them.
    const reserved = await inOrg(ctx.database.db, { orgId: org.id }, (tx) =>
      tx.selectFrom('call_targets').select(['id', 'assigned_caller']).where('org_id', '=', org.id).where('assigned_caller', 'is not', null).execute(),
    );
    // The sheets really took people while the pool was being called (not all before, not none).
    expect(reserved.length).toBeGreaterThan(0);
    const callerOf = new Map(rows.map((r) => [r.target_id, r.caller_id]));
    for (const target of reserved) expect(callerOf.get(target.id)).toBe(target.assigned_caller);
  }, 120_000);
});
