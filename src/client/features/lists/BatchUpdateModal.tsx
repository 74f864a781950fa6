import { Alert, Button, Group, Menu, Modal, MultiSelect, NativeSelect, Progress, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { BatchAction, BatchActionType, BatchTarget } from '../../../shared/contracts/lists.js';
import { FILTER_FLAGS, type FilterFlag } from '../../../shared/people/filter.js';
import { SUPPORT_LEVELS, supportLevelLabel } from '../../../shared/people/support-level.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { useJob } from './use-job.js';

const BATCH_ACTIONS: readonly BatchActionType[] = ['addTags', 'removeTags', 'setSupportLevel', 'setFlag', 'setVolunteer', 'delete'];

/** The "batch update" button and its menu of changes, for the people shown (search or list). */
export function BatchMenu({ disabled = false, onChoose }: { disabled?: boolean; onChoose: (action: BatchActionType) => void }) {
  const { t } = useT();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="light" rightSection={<IconChevronDown size={14} aria-hidden />} disabled={disabled}>
          {t('lists.batch.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {BATCH_ACTIONS.map((action) => (
          <Menu.Item key={action} color={action === 'delete' ? 'red' : undefined} onClick={() => onChoose(action)}>
            {t(`lists.batch.${action}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * One batch update over the people shown (a filter or a list): pick the change, start it, and
 * watch the job's progress bar until it is done.
 */
export function BatchUpdateModal({
  action: type,
  target,
  count,
  tags,
  onClose,
  onDone,
}: {
  action: BatchActionType | null;
  target: BatchTarget;
  count: number;
  tags: readonly { id: string; name: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useT();
  const format = useFormat();
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [level, setLevel] = useState<string>('3');
  const [flag, setFlag] = useState<FilterFlag>('doNotCall');
  const [flagValue, setFlagValue] = useState(true);
  const [reason, setReason] = useState('');
  const [volunteer, setVolunteer] = useState(true);
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { job, error: pollError } = useJob(jobId);

  useEffect(() => {
    setJobId(null);
    setError(null);
  }, [type]);
  useEffect(() => {
    if (job?.status === 'succeeded') onDone();
  }, [job?.status, onDone]);

  if (type === null) return null;

  const action = (): BatchAction => {
    switch (type) {
      case 'addTags':
      case 'removeTags':
        return { type, tagIds };
      case 'setSupportLevel':
        return { type, level: level === 'unknown' ? null : Number(level) };
      case 'setFlag':
        return reason.trim() === '' ? { type, flag, value: flagValue } : { type, flag, value: flagValue, reason };
      case 'setVolunteer':
        return { type, value: volunteer };
      case 'delete':
        return { type };
    }
  };

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const started = await api.batchUpdatePeople({ body: { target, action: action(), expectedCount: count } });
      setJobId(started.jobId);
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  };

  const result = (job?.result ?? {}) as { processed?: number; changed?: number };
  const total = job?.total ?? count;
  return (
    <Modal opened onClose={onClose} title={`${t(`lists.batch.${type}`)} — ${t('lists.batch.title', { count: format.number(count) })}`}>
      <Stack>
        <ErrorAlert error={error ?? pollError} />
        {(type === 'addTags' || type === 'removeTags') && (
          <MultiSelect label={t('lists.table.tags')} searchable data={tags.map((tag) => ({ value: tag.id, label: tag.name }))} value={tagIds} onChange={setTagIds} disabled={jobId !== null} />
        )}
        {type === 'setSupportLevel' && (
          <NativeSelect
            label={t('lists.batch.level')}
            value={level}
            onChange={(e) => setLevel(e.currentTarget.value)}
            data={[...SUPPORT_LEVELS.map((l) => ({ value: String(l), label: supportLevelLabel(l, locale) })), { value: 'unknown', label: t('lists.filter.unknownLevel') }]}
            disabled={jobId !== null}
          />
        )}
        {type === 'setFlag' && (
          <>
            <NativeSelect label={t('lists.batch.flag')} value={flag} onChange={(e) => setFlag(e.currentTarget.value as FilterFlag)} data={FILTER_FLAGS.map((f) => ({ value: f, label: t(`lists.filter.flags.${f}`) }))} disabled={jobId !== null} />
            <SegmentedControl value={flagValue ? 'set' : 'clear'} onChange={(v) => setFlagValue(v === 'set')} data={[{ value: 'set', label: t('lists.batch.setIt') }, { value: 'clear', label: t('lists.batch.clearIt') }]} disabled={jobId !== null} />
            <TextInput label={t('lists.batch.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} disabled={jobId !== null} />
          </>
        )}
        {type === 'setVolunteer' && (
          <SegmentedControl value={volunteer ? 'yes' : 'no'} onChange={(v) => setVolunteer(v === 'yes')} data={[{ value: 'yes', label: t('lists.filter.yes') }, { value: 'no', label: t('lists.filter.no') }]} aria-label={t('lists.batch.volunteerValue')} disabled={jobId !== null} />
        )}
        {type === 'delete' && (
          <Alert color="red" role="alert">
            {t('lists.batch.deleteWarning', { count: format.number(count) })}
          </Alert>
        )}
        {job && (
          <Stack gap={4}>
            <Progress value={total ? (100 * job.done) / total : job.status === 'succeeded' ? 100 : 0} animated={job.status === 'running' || job.status === 'queued'} aria-label={t('lists.batch.running', { done: job.done, total })} />
            <Text size="sm" role="status">
              {job.status === 'succeeded'
                ? t('lists.batch.succeeded', { processed: format.number(result.processed ?? job.done), changed: format.number(result.changed ?? 0) })
                : job.status === 'failed'
                  ? t('lists.batch.failed', { error: job.error ?? '' })
                  : t('lists.batch.running', { done: format.number(job.done), total: format.number(total) })}
            </Text>
          </Stack>
        )}
        <Group justify="flex-end">
          {jobId === null && (
            <Button color={type === 'delete' ? 'red' : undefined} onClick={start} loading={starting} disabled={(type === 'addTags' || type === 'removeTags') && tagIds.length === 0}>
              {t('lists.batch.confirm')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
