import { Anchor, Button, Card, Center, Group, Loader, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Path, PathBoard, PathPersonRow } from '../../../shared/contracts/paths.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { AddPeopleForm } from './AddPeopleForm.js';
import { PathStructureEditor } from './PathStructureEditor.js';

type Selection = { stepId: string } | { reasonId: string };
const PAGE = 50;

/** A path's board: people per step and per reason; opening one lists its people, who can be moved. */
export function PathBoardPage() {
  const { t } = useT();
  const format = useFormat();
  const { pathId = '' } = useParams();
  const [path, setPath] = useState<Path | null>(null);
  const [board, setBoard] = useState<PathBoard | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [people, setPeople] = useState<PathPersonRow[]>([]);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [members, setMembers] = useState<{ userId: string; name: string }[] | null>(null);

  const loadBoard = useCallback(async () => {
    try {
      const [loadedPath, loadedBoard] = await Promise.all([api.getPath({ params: { pathId } }), api.pathBoard({ params: { pathId } })]);
      setPath(loadedPath);
      setBoard(loadedBoard);
    } catch (failure) {
      setError(failure);
    }
  }, [pathId]);

  const loadPeople = useCallback(
    async (which: Selection, after: string | null) => {
      try {
        const page = await api.listPathPeople({ params: { pathId }, query: { ...which, limit: PAGE, ...(after ? { after } : {}) } });
        setPeople((list) => (after ? [...list, ...page.people] : page.people));
        setTotal(page.total);
        setCursor(page.nextCursor);
      } catch (failure) {
        setError(failure);
      }
    },
    [pathId],
  );

  useEffect(() => {
    void loadBoard();
  }, [loadBoard]);

  useEffect(() => {
    // Point people are members; without members.manage the column only shows names.
    api
      .listMembers()
      .then(({ members: list }) => setMembers(list.map((m) => ({ userId: m.userId, name: m.name || m.email }))))
      .catch(() => setMembers(null));
  }, []);

  const assign = async (person: PathPersonRow, userId: string) => {
    setError(null);
    try {
      await api.assignPathPointPerson({ params: { pathId, personId: person.personId }, body: { userId: userId || null } });
      if (selection) await loadPeople(selection, null);
    } catch (failure) {
      setError(failure);
    }
  };

  const open = (which: Selection) => {
    setSelection(which);
    void loadPeople(which, null);
  };

  const move = async (person: PathPersonRow, value: string) => {
    const [kind, id = ''] = value.split(':');
    setError(null);
    try {
      await api.movePathPerson({
        params: { pathId, personId: person.personId },
        body: kind === 'step' ? { stepId: id } : kind === 'complete' ? { complete: { reasonId: id } } : { abandon: { reasonId: id } },
      });
      await loadBoard();
      if (selection) await loadPeople(selection, null);
    } catch (failure) {
      setError(failure);
    }
  };

  if (!path || !board) {
    return error ? <ErrorAlert error={error} /> : (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }

  const moveTargets = [
    { value: '', label: t('paths.moveTo') },
    ...path.steps.map((s) => ({ value: `step:${s.id}`, label: s.name })),
    ...path.reasons.map((r) => ({ value: `${r.kind === 'completion' ? 'complete' : 'abandon'}:${r.id}`, label: `${r.kind === 'completion' ? '✓' : '✗'} ${r.label}` })),
  ];
  const tile = (key: string, label: string, count: number, which: Selection, color?: string) => {
    const selected = selection !== null && JSON.stringify(selection) === JSON.stringify(which);
    return (
      <UnstyledButton key={key} onClick={() => open(which)} aria-pressed={selected} style={{ display: 'block', height: '100%' }}>
        <Card withBorder padding="sm" radius="md" h="100%" style={selected ? { borderColor: 'var(--mantine-color-blue-6)' } : undefined}>
          <Text size="sm" c={color ?? 'dimmed'} lineClamp={2}>
            {label}
          </Text>
          <Text size="xl" fw={700}>
            {format.number(count)}
          </Text>
        </Card>
      </UnstyledButton>
    );
  };

  return (
    <>
      <PageHeader title={path.name}>
        <Button variant="default" onClick={() => setEditing((open) => !open)}>
          {editing ? t('paths.closeStructure') : t('paths.editStructure')}
        </Button>
      </PageHeader>
      <Stack gap="md">
        <Anchor component={Link} to="/paths" size="sm">
          ← {t('paths.back')}
        </Anchor>
        <ErrorAlert error={error} />
        {editing && (
          <PathStructureEditor
            path={path}
            onSaved={(saved) => {
              setPath(saved);
              setEditing(false);
              void loadBoard();
            }}
          />
        )}
        <Text size="sm" c="dimmed">
          {t('paths.total', { count: board.total })}
        </Text>
        <AddPeopleForm
          path={path}
          onDone={() => {
            void loadBoard();
            if (selection) void loadPeople(selection, null);
          }}
        />
        <Title order={2} size="h4">
          {t('paths.steps')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>{board.steps.map((s) => tile(`s${s.stepId}`, s.name, s.count, { stepId: s.stepId }))}</SimpleGrid>
        <Group grow align="start" wrap="wrap">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('paths.completed')}
            </Title>
            <SimpleGrid cols={2}>{board.completed.map((r) => tile(`r${r.reasonId}`, r.label, r.count, { reasonId: r.reasonId }, 'green'))}</SimpleGrid>
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('paths.abandoned')}
            </Title>
            <SimpleGrid cols={2}>{board.abandoned.map((r) => tile(`r${r.reasonId}`, r.label, r.count, { reasonId: r.reasonId }, 'red'))}</SimpleGrid>
          </Stack>
        </Group>
        {selection && (
          <Paper withBorder p="md" radius="md">
            <Text size="sm" mb="xs">
              {t('paths.peopleShown', { shown: people.length, total })}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('paths.person')}</Table.Th>
                    <Table.Th>{t('paths.city')}</Table.Th>
                    <Table.Th>{t('paths.pointPerson')}</Table.Th>
                    <Table.Th>{t('paths.since')}</Table.Th>
                    <Table.Th>{t('paths.move')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {people.map((person) => (
                    <Table.Tr key={person.personId}>
                      <Table.Td>
                        {person.firstName} {person.lastName}
                      </Table.Td>
                      <Table.Td>{person.city ?? ''}</Table.Td>
                      <Table.Td>
                        {members ? (
                          <NativeSelect
                            size="xs"
                            aria-label={t('paths.pointPerson')}
                            value={person.pointPersonId ?? ''}
                            data={[{ value: '', label: '—' }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
                            onChange={(e) => void assign(person, e.currentTarget.value)}
                          />
                        ) : (
                          (person.pointPersonName ?? '')
                        )}
                      </Table.Td>
                      <Table.Td>{format.date(person.finishedAt ?? person.stepEnteredAt)}</Table.Td>
                      <Table.Td>
                        <NativeSelect size="xs" aria-label={t('paths.move')} value="" data={moveTargets} onChange={(e) => e.currentTarget.value && void move(person, e.currentTarget.value)} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {cursor && (
              <Button variant="subtle" mt="xs" onClick={() => void loadPeople(selection, cursor)}>
                {t('paths.more')}
              </Button>
            )}
          </Paper>
        )}
      </Stack>
    </>
  );
}
