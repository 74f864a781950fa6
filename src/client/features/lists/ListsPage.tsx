import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import type { BatchActionType, List, PeoplePage } from '../../../shared/contracts/lists.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { BatchMenu, BatchUpdateModal } from './BatchUpdateModal.js';
import { PeopleResultsTable } from './PeopleResultsTable.js';

/** The lists module: saved lists, and each list's people. */
export function ListsPage() {
  return (
    <Routes>
      <Route index element={<SavedLists />} />
      <Route path=":listId" element={<ListContents />} />
    </Routes>
  );
}

function SavedLists() {
  const { t } = useT();
  const format = useFormat();
  const [lists, setLists] = useState<List[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.listLists().then((r) => setLists(r.lists), setError);
  }, []);
  useEffect(load, [load]);

  const freeze = async (list: List) => {
    setError(null);
    try {
      const frozen = await api.freezeList({ params: { listId: list.id }, body: {} });
      setNotice(t('lists.page.frozen', { name: frozen.name }));
      load();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async (list: List) => {
    if (!window.confirm(t('lists.page.deleteConfirm', { name: list.name }))) return;
    setError(null);
    try {
      await api.deleteList({ params: { listId: list.id } });
      load();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title={t('lists.page.title')} />
      <Stack>
        <Text c="dimmed">{t('lists.page.intro')}</Text>
        <ErrorAlert error={error} />
        {notice && (
          <Alert color="green" role="status">
            {notice}
          </Alert>
        )}
        {lists?.length === 0 && <Text c="dimmed">{t('lists.page.empty')}</Text>}
        {lists && lists.length > 0 && (
          <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="sm">
                <Table.Tbody>
                  {lists.map((list) => (
                    <Table.Tr key={list.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/lists/${list.id}`} fw={600}>
                          {list.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {t('lists.page.updatedAt', { date: format.date(list.updatedAt) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={list.kind === 'dynamic' ? 'blue' : 'gray'}>
                          {t(`lists.page.${list.kind}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{list.memberCount !== null && t('lists.page.members', { count: list.memberCount, formatted: format.number(list.memberCount) })}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end">
                          <Button size="xs" variant="default" onClick={() => freeze(list)}>
                            {t('lists.page.freeze')}
                          </Button>
                          <Button size="xs" variant="subtle" color="red" onClick={() => remove(list)}>
                            {t('lists.page.delete')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </Stack>
    </>
  );
}

function ListContents() {
  const { t } = useT();
  const format = useFormat();
  const { listId = '' } = useParams();
  const { session } = useSession();
  const canRead = hasAnyCapability(session, ['people.read']);
  const canWrite = hasAnyCapability(session, ['people.write']);
  const [list, setList] = useState<List | null>(null);
  const [page, setPage] = useState<PeoplePage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [batch, setBatch] = useState<BatchActionType | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [tags, setTags] = useState<{ id: string; name: string }[]>([]);

  useEffect(() => {
    setError(null);
    api.getList({ params: { listId } }).then(setList, setError);
    if (canRead) {
      api.listContents({ params: { listId }, query: { limit: 50 } }).then(setPage, setError);
      api.listTags({ query: {} }).then((r) => setTags(r.tags), () => {});
    }
  }, [listId, canRead, refresh]);

  const more = async () => {
    if (!page?.nextCursor) return;
    try {
      const next = await api.listContents({ params: { listId }, query: { limit: 50, cursor: page.nextCursor, withCount: 'false' } });
      setPage({ rows: [...page.rows, ...next.rows], count: page.count, nextCursor: next.nextCursor });
    } catch (failure) {
      setError(failure);
    }
  };
  const batchDone = useCallback(() => setRefresh((n) => n + 1), []);

  return (
    <>
      <PageHeader title={list?.name ?? t('lists.page.title')}>
        <Button component={Link} to="/lists" variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('lists.page.back')}
        </Button>
      </PageHeader>
      <Stack>
        <ErrorAlert error={error} />
        <Group justify="space-between">
          <Text fw={600} role="status">
            {page?.count != null && t('lists.search.count', { count: page.count, formatted: format.number(page.count) })}
          </Text>
          {canWrite && page?.count ? <BatchMenu onChoose={setBatch} /> : null}
        </Group>
        {page && page.rows.length > 0 && <PeopleResultsTable rows={page.rows} />}
        {page?.nextCursor && (
          <Group justify="center">
            <Button variant="default" onClick={more}>
              {t('lists.search.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
      <BatchUpdateModal action={batch} target={{ listId }} count={page?.count ?? 0} tags={tags} onClose={() => setBatch(null)} onDone={batchDone} />
    </>
  );
}
