import { beforeAll, describe, expect, it } from 'vitest';
import { makeOrg } from '../../../../test/setup/factories.js';
import { createTestContext, type TestContext } from '../../../../test/setup/test-context.js';
import { inOrg } from '../db/database.js';
import { defineJob, drainJobs, enqueueJob, getJob } from './jobs.js';

let ctx: TestContext;
let orgId: string;
let crashes = 0;

defineJob<{ count: number }, { next: number }>('test.count', async (run) => {
  let next = 'next' in run.state ? run.state.next : 0;
  while (next < run.payload.count) {
    next = await run.chunk(async (tx) => {
      const end = Math.min(next + 10, run.payload.count);
      for (let i = next; i < end; i++) {
        await tx.insertInto('tags').values({ org_id: run.orgId, name: `tag-${i}` }).execute();
      }
      if (end === 30 && crashes++ === 0) throw new Error('simulated crash in the middle of a chunk');
      return { state: { next: end }, done: end, total: run.payload.count, value: end };
    });
  }
  return { inserted: next };
});

defineJob('test.always-fails', async () => {
  throw new Error('the SMTP server is down');
});

beforeAll(async () => {
  ctx = await createTestContext();
  orgId = (await makeOrg(ctx)).id;
});

describe('jobs', () => {
  it('resumes from the last committed chunk after a crash and finishes exactly once', async () => {
    const jobId = await inOrg(ctx.database.db, { orgId }, (tx) => enqueueJob(tx, { orgId }, 'test.count', { count: 45 }));
    await drainJobs(ctx);
    let job = await inOrg(ctx.database.db, { orgId }, (tx) => getJob(tx, orgId, jobId));
    expect(job).toMatchObject({ status: 'queued', progress_done: '20', error: 'simulated crash in the middle of a chunk' });
    ctx.setNow(new Date(Date.now() + 60_000));
    await drainJobs(ctx);
    ctx.setNow(new Date());
    job = await inOrg(ctx.database.db, { orgId }, (tx) => getJob(tx, orgId, jobId));
    expect(job).toMatchObject({ status: 'succeeded', progress_done: '45', progress_total: '45', result: { inserted: 45 } });
    const tags = await inOrg(ctx.database.db, { orgId }, (tx) => tx.selectFrom('tags').select('name').where('name', 'like', 'tag-%').execute());
    expect(tags).toHaveLength(45);
  });

  it('gives up after three attempts and records the error', async () => {
    const jobId = await inOrg(ctx.database.db, { orgId }, (tx) => enqueueJob(tx, { orgId }, 'test.always-fails', {}));
    for (let i = 0; i < 3; i++) {
      ctx.setNow(new Date(Date.now() + (i + 1) * 60_000));
      await drainJobs(ctx);
    }
    ctx.setNow(new Date());
    const job = await inOrg(ctx.database.db, { orgId }, (tx) => getJob(tx, orgId, jobId));
    expect(job).toMatchObject({ status: 'failed', error: 'the SMTP server is down' });
    expect(await drainJobs(ctx)).toBe(0);
  });

  it("never shows one organization's jobs to another", async () => {
    const other = (await makeOrg(ctx)).id;
    const jobId = await inOrg(ctx.database.db, { orgId }, (tx) => enqueueJob(tx, { orgId }, 'test.count', { count: 0 }));
    const seen = await inOrg(ctx.database.db, { orgId: other }, (tx) => getJob(tx, orgId, jobId));
    expect(seen).toBeUndefined();
  });
});
