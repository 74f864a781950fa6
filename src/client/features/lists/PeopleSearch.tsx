import { Alert, Button, Group, Menu, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconWand } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BatchActionType, PeopleSort, PersonRow } from '../../../shared/contracts/lists.js';
import { EVERYONE, type FilterGroup } from '../../../shared/people/filter.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { BatchMenu, BatchUpdateModal } from './BatchUpdateModal.js';
import { CALLABLE_PRESET, cleanFilter, VOLUNTEERS_PRESET } from './filter-draft.js';
import { FilterBuilder } from './FilterBuilder.js';
import { PeopleResultsTable } from './PeopleResultsTable.js';
import { SaveListModal } from './SaveListModal.js';

const PAGE = 50;

/**
 * The people page's search: the filter builder, the total count, the matching people a page at a
 * time, saving the filter as a list and batch updates. Viewers (counts only) see the count.
 */
export function PeopleSearch() {
  const { t } = useT();
  const format = useFormat();
  const { session } = useSession();
  const canRead = hasAnyCapability(session, ['people.read']);
  const canWrite = hasAnyCapability(session, ['people.write']);
  const canSave = hasAnyCapability(session, ['lists.manage']);
  const [draft, setDraft] = useState<FilterGroup>(EVERYONE);
  const [sort, setSort] = useState<PeopleSort>('name');
  const [filter, setFilter] = useState<FilterGroup>(EVERYONE);
  const [rows, setRows] = useState<PersonRow[]>([]);
  const [count, setCount] = useState<number | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tags, setTags] = useState<{ id: string; name: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [batch, setBatch] = useState<BatchActionType | null>(null);
  const [refresh, setRefresh] = useState(0);

  // Typing in the builder settles for 300 ms before the server is asked.
  const cleaned = useMemo(() => cleanFilter(draft), [draft]);
  const key = JSON.stringify(cleaned);
  useEffect(() => {
    const timer = setTimeout(() => setFilter(JSON.parse(key) as FilterGroup), 300);
    return () => clearTimeout(timer);
  }, [key]);

  useEffect(() => {
    if (!canRead) return;
    const controller = new AbortController();
    api.listTags({ query: {}, signal: controller.signal }).then((r) => setTags(r.tags), () => {});
    return () => controller.abort();
  }, [canRead, refresh]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    const request = canRead
      ? api.searchPeople({ body: { filter, sort, limit: PAGE }, signal: controller.signal }).then((page) => {
          setRows(page.rows);
          setCount(page.count);
          setNextCursor(page.nextCursor);
        })
      : api.countPeople({ body: { filter }, signal: controller.signal }).then((r) => setCount(r.count));
    request
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filter, sort, canRead, refresh]);

  const loadMore = async () => {
    if (nextCursor === null) return;
    setLoading(true);
    try {
      const page = await api.searchPeople({ body: { filter, sort, limit: PAGE, cursor: nextCursor, withCount: false } });
      setRows((previous) => [...previous, ...page.rows]);
      setNextCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };

  const batchDone = useCallback(() => setRefresh((n) => n + 1), []);

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="people-search-title">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h3" id="people-search-title">
            {t('lists.search.title')}
          </Title>
          <Group gap="xs">
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" variant="default" leftSection={<IconWand size={14} aria-hidden />}>
                  {t('lists.search.presets')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setDraft(CALLABLE_PRESET)}>{t('lists.search.presetCallable')}</Menu.Item>
                <Menu.Item onClick={() => setDraft(VOLUNTEERS_PRESET)}>{t('lists.search.presetVolunteers')}</Menu.Item>
                <Menu.Divider />
                <Menu.Item onClick={() => setDraft(EVERYONE)}>{t('lists.search.reset')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <FilterBuilder value={draft} onChange={setDraft} tags={tags} />
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} role="status" aria-live="polite">
            {count !== null && t('lists.search.count', { count, formatted: format.number(count) })}
          </Text>
          <Group gap="xs">
            {canRead && (
              <NativeSelect
                size="xs"
                aria-label={t('lists.search.sort')}
                value={sort}
                onChange={(e) => setSort(e.currentTarget.value as PeopleSort)}
                data={[
                  { value: 'name', label: t('lists.search.sortName') },
                  { value: 'newest', label: t('lists.search.sortNewest') },
                ]}
              />
            )}
            {canSave && (
              <Button size="xs" variant="light" leftSection={<IconDeviceFloppy size={14} aria-hidden />} onClick={() => setSaving(true)}>
                {t('lists.save.button')}
              </Button>
            )}
            {canWrite && <BatchMenu disabled={!count} onChoose={setBatch} />}
          </Group>
        </Group>
        {notice && (
          <Alert color="green" role="status" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
        <ErrorAlert error={error} />
        {!canRead && <Text c="dimmed">{t('lists.search.countOnly')}</Text>}
        {canRead && count === 0 && !loading && <Text c="dimmed">{t('lists.search.empty')}</Text>}
        {canRead && rows.length > 0 && <PeopleResultsTable rows={rows} />}
        {canRead && nextCursor !== null && (
          <Group justify="center">
            <Button variant="default" onClick={loadMore} loading={loading}>
              {t('lists.search.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
      <SaveListModal opened={saving} onClose={() => setSaving(false)} filter={filter} onSaved={(list) => setNotice(t('lists.save.saved', { name: list.name }))} />
      <BatchUpdateModal action={batch} target={{ filter }} count={count ?? 0} tags={tags} onClose={() => setBatch(null)} onDone={batchDone} />
    </Paper>
  );
}
