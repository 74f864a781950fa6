import { z } from 'zod';
import { route } from './route.js';

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/** Progress of long work (imports, batch updates), polled by progress bars. */
export const jobRoutes = {
  getJob: route({
    method: 'GET',
    path: '/api/jobs/:jobId',
    access: 'authenticated',
    summary: 'Progress and result of a job started by this user (or any job, for organizers)',
    tags: ['jobs'],
    params: z.object({ jobId: z.string().regex(/^\d+$/) }),
    response: JobSchema,
  }),
};
