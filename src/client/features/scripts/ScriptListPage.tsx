import { Anchor, Badge, Button, Center, Group, Loader, Menu, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ScriptSummary } from '../../../shared/contracts/scripts.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction } from '../../ui/use-action.js';

/** The organization's call scripts, and starting a new one (blank or from an example). */
export function ScriptListPage() {
  const { t, locale } = useT();
  const format = useFormat();
  const navigate = useNavigate();
  const [scripts, setScripts] = useState<ScriptSummary[] | null>(null);
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();

  const load = useCallback(async () => {
    try {
      setScripts((await api.listScripts()).scripts);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (body: { name?: string; fromExample?: 'gotvProxy' | 'persuasion'; locale?: 'fr' | 'en' }) => {
    await run(async () => {
      const script = await api.createScript({ body });
      await navigate(`/scripts/${script.id}`);
    });
  };

  return (
    <>
      <PageHeader title={t('nav.scripts')} />
      <Stack gap="lg">
        <ErrorAlert error={error} shownFields={['name']} />
        <Paper withBorder p="md" radius="md">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void create({ name });
            }}
          >
            <Group align="end" wrap="wrap">
              <TextInput label={t('scripts.newName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(error, 'name')} style={{ flex: 1, minWidth: 220 }} />
              <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={busy}>
                {t('scripts.create')}
              </Button>
              <Menu>
                <Menu.Target>
                  <Button variant="light" rightSection={<IconChevronDown size={16} aria-hidden />} disabled={busy}>
                    {t('scripts.fromExample')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => void create({ fromExample: 'gotvProxy', locale })}>{t('scripts.exampleGotv')}</Menu.Item>
                  <Menu.Item onClick={() => void create({ fromExample: 'persuasion', locale })}>{t('scripts.examplePersuasion')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </form>
        </Paper>
        {!scripts ? (
          !error && (
            <Center py="xl">
              <Loader aria-label={t('app.loading')} />
            </Center>
          )
        ) : scripts.length === 0 ? (
          <Text c="dimmed">{t('scripts.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('scripts.name')}</Table.Th>
                  <Table.Th>{t('scripts.published')}</Table.Th>
                  <Table.Th>{t('scripts.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {scripts.map((script) => (
                  <Table.Tr key={script.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/scripts/${script.id}`}>
                        {script.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        {script.latestVersion ? <Badge variant="light">{t('scripts.versionN', { version: script.latestVersion.version })}</Badge> : <Text size="sm">{t('scripts.neverPublished')}</Text>}
                        {script.latestVersion && script.hasUnpublishedChanges && (
                          <Badge color="orange" variant="light">
                            {t('scripts.unpublishedChanges')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{format.dateTime(script.updatedAt)}</Table.Td>
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
