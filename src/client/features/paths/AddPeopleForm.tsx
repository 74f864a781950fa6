import { Button, Group, NativeSelect, Paper, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Path } from '../../../shared/contracts/paths.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';

/** Puts the people of a saved list on the path (a background job with a progress bar). */
export function AddPeopleForm({ path, onDone }: { path: Path; onDone: () => void }) {
  const { t } = useT();
  const [lists, setLists] = useState<{ id: string; name: string }[] | null>(null);
  const [listId, setListId] = useState('');
  const [stepId, setStepId] = useState(path.steps[0]?.id ?? '');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .listLists()
      .then(({ lists: all }) => {
        setLists(all.map((l) => ({ id: l.id, name: l.name })));
        setListId(all[0]?.id ?? '');
      })
      // Without lists.manage the form has nothing to offer.
      .catch(() => setLists([]));
  }, []);

  if (!lists || lists.length === 0) return null;

  const add = async () => {
    setError(null);
    setResult(null);
    try {
      const { jobId, total } = await api.addPeopleToPath({ params: { pathId: path.id }, body: { listId, stepId } });
      setProgress({ done: 0, total });
      for (;;) {
        const job = await api.getJob({ params: { jobId } });
        setProgress({ done: job.done, total: job.total ?? total });
        if (job.status === 'succeeded') {
          const summary = job.result as { added?: number; alreadyOnPath?: number } | null;
          setResult(t('paths.addedPeople', { added: summary?.added ?? 0, already: summary?.alreadyOnPath ?? 0 }));
          break;
        }
        if (job.status === 'failed' || job.status === 'cancelled') throw new Error(job.error ?? t('paths.addFailed'));
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Paper withBorder p="md" radius="md">
      <Group align="end" wrap="wrap">
        <NativeSelect label={t('paths.addFromList')} value={listId} data={lists.map((l) => ({ value: l.id, label: l.name }))} onChange={(e) => setListId(e.currentTarget.value)} />
        <NativeSelect label={t('paths.atStep')} value={stepId} data={path.steps.map((s) => ({ value: s.id, label: s.name }))} onChange={(e) => setStepId(e.currentTarget.value)} />
        <Button onClick={() => void add()} loading={progress !== null} disabled={!listId}>
          {t('paths.add')}
        </Button>
      </Group>
      {progress && <Progress mt="sm" value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} aria-label={t('paths.addFromList')} />}
      {result && (
        <Text size="sm" mt="sm" c="green" role="status">
          {result}
        </Text>
      )}
      <ErrorAlert error={error} />
    </Paper>
  );
}
