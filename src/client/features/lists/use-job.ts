import { useEffect, useState } from 'react';
import type { Job } from '../../../shared/contracts/jobs.js';
import { api } from '../../api/api.js';

/** Polls a job every second until it ends: what a progress bar shows. */
export function useJob(jobId: string | null): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setJob(null);
    setError(null);
    if (jobId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await api.getJob({ params: { jobId } });
        if (stopped) return;
        setJob(next);
        if (next.status === 'queued' || next.status === 'running') timer = setTimeout(poll, 1000);
      } catch (failure) {
        if (!stopped) setError(failure);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId]);
  return { job, error };
}
