import { Anchor, Button, Center, Group, Loader, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PathSummary } from '../../../shared/contracts/paths.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction } from '../../ui/use-action.js';

/** The organization's paths with how many people are on each, and creating one from the call path template. */
export function PathListPage() {
  const { t } = useT();
  const format = useFormat();
  const navigate = useNavigate();
  const [paths, setPaths] = useState<PathSummary[] | null>(null);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    api
      .listPaths()
      .then(({ paths: list }) => setPaths(list))
      .catch(setError);
  }, []);

  const create = async () => {
    await run(async () => {
      const path = await api.createPath({ body: { name } });
      await navigate(`/paths/${path.id}`);
    });
  };

  return (
    <>
      <PageHeader title={t('nav.paths')} />
      <Stack gap="lg">
        <ErrorAlert error={error} shownFields={['name']} />
        <Paper withBorder p="md" radius="md">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <Group align="end" wrap="wrap">
              <TextInput label={t('paths.newName')} description={t('paths.templateHint')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} style={{ flex: 1, minWidth: 220 }} />
              <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={busy}>
                {t('paths.create')}
              </Button>
            </Group>
          </form>
        </Paper>
        {!paths ? (
          !error && (
            <Center py="xl">
              <Loader aria-label={t('app.loading')} />
            </Center>
          )
        ) : paths.length === 0 ? (
          <Text c="dimmed">{t('paths.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('paths.name')}</Table.Th>
                  <Table.Th ta="right">{t('paths.active')}</Table.Th>
                  <Table.Th ta="right">{t('paths.completed')}</Table.Th>
                  <Table.Th ta="right">{t('paths.abandoned')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paths.map((path) => (
                  <Table.Tr key={path.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/paths/${path.id}`}>
                        {path.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">{format.number(path.active)}</Table.Td>
                    <Table.Td ta="right">{format.number(path.completed)}</Table.Td>
                    <Table.Td ta="right">{format.number(path.abandoned)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </>
  );
}
