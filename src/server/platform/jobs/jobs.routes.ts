import { jobRoutes } from '../../../shared/contracts/jobs.js';
import type { AppContext } from '../context.js';
import { inOrg } from '../db/database.js';
import { AppError } from '../http/errors.js';
import type { RegisterRoute } from '../http/register.js';
import { getJob } from './jobs.js';

/** Job progress for the people who started them; organizers see every job of the organization. */
export function registerJobRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(jobRoutes.getJob, async ({ actor, params }) => {
    if (!actor.org) throw new AppError('no_organization');
    const orgId = actor.org.id;
    const job = await inOrg(ctx.database.db, { orgId, userId: actor.user.id }, (tx) => getJob(tx, orgId, params.jobId));
    if (!job || (job.created_by !== actor.user.id && !actor.org.capabilities.has('people.write'))) throw new AppError('not_found');
    return {
      id: job.id,
      kind: job.kind,
      status: job.status,
      done: Number(job.progress_done),
      total: job.progress_total === null ? null : Number(job.progress_total),
      result: job.result,
      error: job.error,
      createdAt: job.created_at.toISOString(),
      finishedAt: job.finished_at?.toISOString() ?? null,
    };
  });
}
