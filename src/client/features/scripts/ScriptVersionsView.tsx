import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ScriptVersion, ScriptVersionSummary } from '../../../shared/contracts/scripts.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { ScriptOutlineView } from './ScriptOutlineView.js';

/** A script's frozen versions, newest first; opening one shows its outline as callers got it. */
export function ScriptVersionsView({ scriptId, latest }: { scriptId: string; latest: number | null }) {
  const { t } = useT();
  const format = useFormat();
  const [versions, setVersions] = useState<ScriptVersionSummary[] | null>(null);
  const [open, setOpen] = useState<ScriptVersion | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .listScriptVersions({ params: { scriptId } })
      .then(({ versions: list }) => setVersions(list))
      .catch(setError);
  }, [scriptId, latest]);

  const show = async (version: number) => {
    try {
      setOpen(await api.getScriptVersion({ params: { scriptId, version } }));
    } catch (failure) {
      setError(failure);
    }
  };

  if (error) return <ErrorAlert error={error} />;
  if (!versions) return null;
  if (versions.length === 0) return <Text c="dimmed">{t('scripts.neverPublished')}</Text>;
  return (
    <Stack gap="md">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('scripts.version')}</Table.Th>
            <Table.Th>{t('scripts.publishedAt')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <Group gap="xs">
                  {t('scripts.versionN', { version: v.version })}
                  {open?.id === v.id && <Badge size="xs">{t('scripts.shown')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>{format.dateTime(v.publishedAt)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => void show(v.version)}>
                  {t('scripts.showVersion')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open && <ScriptOutlineView doc={open.document} />}
    </Stack>
  );
}
