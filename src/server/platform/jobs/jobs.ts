import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { inOrg, type OrgScope, type Tx } from '../db/database.js';

/**
 * Jobs: long work (imports, batch updates, e-mails) run outside the request, in chunks, each
 * chunk one transaction that also records how far the job got, so a crash leaves a job that says
 * where it stopped and resumes from there.
 */

export interface JobRun<Payload, State> {
  ctx: AppContext;
  orgId: string;
  jobId: string;
  userId: string | null;
  payload: Payload;
  /** The state saved by the last committed chunk (`{}` on the first run). */
  state: State | Record<string, never>;
  /**
   * Runs one chunk in its own transaction acting for the organization, and commits the new state
   * and progress with it: either both the chunk's writes and its progress land, or neither.
   */
  chunk<T>(work: (tx: Tx) => Promise<{ state: State; done: number; total?: number | null; value: T }>): Promise<T>;
}

export type JobHandler<Payload = unknown, State = unknown> = (run: JobRun<Payload, State>) => Promise<Record<string, unknown>>;

const handlers = new Map<string, JobHandler<never, never>>();
const MAX_ATTEMPTS = 3;
const LEASE_MS = 5 * 60 * 1000;

/** Declares what a job kind does; modules call it once at import time. */
export function defineJob<Payload, State>(kind: string, handler: JobHandler<Payload, State>): void {
  handlers.set(kind, handler as JobHandler<never, never>);
}

const startTasks = new Map<string, (ctx: AppContext) => Promise<unknown>>();

/**
 * Declares work a module wants done each time a job worker starts, before it takes jobs: such as
 * scheduling what waited for a setting the process now has (e-mail kept until SMTP was set).
 */
export function defineWorkerStartTask(name: string, task: (ctx: AppContext) => Promise<unknown>): void {
  startTasks.set(name, task);
}

/** Queues a job for the organization (inside the caller's transaction when given). */
export async function enqueueJob(tx: Tx, scope: OrgScope, kind: string, payload: Record<string, unknown>, total: number | null = null): Promise<string> {
  const job = await tx
    .insertInto('jobs')
    .values({ org_id: scope.orgId, kind, payload: JSON.stringify(payload), state: '{}', created_by: scope.userId ?? null, progress_total: total, updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('job_queue').values({ org_id: scope.orgId, job_id: job.id, kind, run_after: new Date() }).execute();
  // Wake workers at once rather than at their next poll.
  await sql`SELECT pg_notify('relais_jobs', ${kind})`.execute(tx);
  return job.id;
}

/** Takes the next due job, if any, and runs it. Returns false when there was nothing to do. */
export async function runNextJob(ctx: AppContext): Promise<boolean> {
  const now = ctx.clock();
  // The hot claim: one due, unlocked row, skipping rows another worker holds, leased for a while.
  const claimed = await sql<{ org_id: string; job_id: string; kind: string }>`
    UPDATE job_queue q SET locked_until = ${new Date(now.getTime() + LEASE_MS)}
    WHERE (q.org_id, q.job_id) = (
      SELECT org_id, job_id FROM job_queue
      WHERE run_after <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
      ORDER BY run_after
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING q.org_id, q.job_id, q.kind`.execute(ctx.database.db);
  const entry = claimed.rows[0];
  if (!entry) return false;
  await runJob(ctx, entry.org_id, entry.job_id, entry.kind);
  return true;
}

/**
 * Claims one given job, if no worker holds it, and runs it at once (even if a retry was scheduled
 * for later): the command line runs the import it just queued this way, and no other job.
 * Returns false when the job is not queued or another worker holds it.
 */
export async function runJobNow(ctx: AppContext, orgId: string, jobId: string): Promise<boolean> {
  const now = ctx.clock();
  const claimed = await sql<{ kind: string }>`
    UPDATE job_queue SET locked_until = ${new Date(now.getTime() + LEASE_MS)}
    WHERE org_id = ${orgId} AND job_id = ${jobId} AND (locked_until IS NULL OR locked_until < ${now})
    RETURNING kind`.execute(ctx.database.db);
  const entry = claimed.rows[0];
  if (!entry) return false;
  await runJob(ctx, orgId, jobId, entry.kind);
  return true;
}

async function runJob(ctx: AppContext, orgId: string, jobId: string, kind: string): Promise<void> {
  const scope = { orgId };
  const job = await inOrg(ctx.database.db, scope, (tx) =>
    tx
      .updateTable('jobs')
      .set({ status: 'running', started_at: sql`coalesce(started_at, ${ctx.clock()})`, attempts: sql`attempts + 1`, updated_at: ctx.clock() })
      .where('org_id', '=', orgId)
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirst(),
  );
  if (!job) {
    await ctx.database.db.deleteFrom('job_queue').where('org_id', '=', orgId).where('job_id', '=', jobId).execute();
    return;
  }
  const handler = handlers.get(kind) as JobHandler<unknown, unknown> | undefined;
  let state = job.state as Record<string, never>;
  const run: JobRun<unknown, unknown> = {
    ctx,
    orgId,
    jobId,
    userId: job.created_by,
    payload: job.payload,
    get state() {
      return state;
    },
    async chunk(work) {
      return inOrg(ctx.database.db, { orgId, userId: job.created_by }, async (tx) => {
        const out = await work(tx);
        await tx
          .updateTable('jobs')
          .set({
            state: JSON.stringify(out.state),
            progress_done: out.done,
            ...(out.total !== undefined ? { progress_total: out.total } : {}),
            updated_at: ctx.clock(),
          })
          .where('org_id', '=', orgId)
          .where('id', '=', jobId)
          .execute();
        await tx
          .updateTable('job_queue')
          .set({ locked_until: new Date(ctx.clock().getTime() + LEASE_MS) })
          .where('org_id', '=', orgId)
          .where('job_id', '=', jobId)
          .execute();
        state = out.state as Record<string, never>;
        return out.value;
      });
    },
  };
  try {
    if (!handler) throw new Error(`No handler for job kind "${kind}"`);
    const result = await handler(run);
    await finish(ctx, orgId, jobId, { status: 'succeeded', result: JSON.stringify(result), error: null });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log?.error({ err: error, orgId, jobId, kind }, 'job failed');
    if (handler && job.attempts < MAX_ATTEMPTS) {
      await inOrg(ctx.database.db, scope, async (tx) => {
        await tx.updateTable('jobs').set({ status: 'queued', error: message, updated_at: ctx.clock() }).where('org_id', '=', orgId).where('id', '=', jobId).execute();
        await tx
          .updateTable('job_queue')
          .set({ locked_until: null, run_after: new Date(ctx.clock().getTime() + 2 ** job.attempts * 1000) })
          .where('org_id', '=', orgId)
          .where('job_id', '=', jobId)
          .execute();
      });
    } else {
      await finish(ctx, orgId, jobId, { status: 'failed', result: null, error: message });
    }
  }
}

async function finish(ctx: AppContext, orgId: string, jobId: string, outcome: { status: 'succeeded' | 'failed'; result: string | null; error: string | null }) {
  await inOrg(ctx.database.db, { orgId }, async (tx) => {
    await tx
      .updateTable('jobs')
      .set({ ...outcome, finished_at: ctx.clock(), updated_at: ctx.clock() })
      .where('org_id', '=', orgId)
      .where('id', '=', jobId)
      .execute();
    await tx.deleteFrom('job_queue').where('org_id', '=', orgId).where('job_id', '=', jobId).execute();
  });
}

/** Runs due jobs until none is left (tests run background work inline this way). */
export async function drainJobs(ctx: AppContext, limit = 1000): Promise<number> {
  let ran = 0;
  while (ran < limit && (await runNextJob(ctx))) ran++;
  return ran;
}

/** A job as the UI shows it: a progress bar and, at the end, a result or an error. */
export function getJob(tx: Tx, orgId: string, jobId: string) {
  return tx
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'progress_done', 'progress_total', 'result', 'error', 'created_by', 'created_at', 'started_at', 'finished_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', jobId)
    .executeTakeFirst();
}

/** Polls for due jobs (and wakes on NOTIFY) until stopped; one job at a time per worker. */
export function startJobWorker(ctx: AppContext, options: { pollMs?: number } = {}): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    for (const [name, task] of startTasks) {
      try {
        await task(ctx);
      } catch (error) {
        ctx.log?.error({ err: error, task: name }, 'job worker start task failed');
      }
    }
    while (!stopped) {
      try {
        if (await runNextJob(ctx)) continue;
      } catch (error) {
        ctx.log?.error({ err: error }, 'job worker error');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
