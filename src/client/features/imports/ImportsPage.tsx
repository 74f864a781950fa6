import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Import } from '../../../shared/contracts/imports.js';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ExportForm } from './ExportForm.js';
import { errorReportUrl } from './import-api.js';
import { ImportWizard } from './ImportWizard.js';

/** Importing people from CSV files (a wizard), the recent imports, and exporting people. */
export function ImportsPage() {
  const { t } = useT();
  const { session } = useSession();
  const canImport = hasAnyCapability(session, ['people.import']);
  const canExport = hasAnyCapability(session, ['people.export']);
  const [history, setHistory] = useState<Import[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!canImport) return;
    try {
      setHistory((await api.listImports()).imports);
    } catch (failure) {
      setError(failure);
    }
  }, [canImport]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader title={t('imports.title')} />
      <Stack gap="xl">
        <ErrorAlert error={error} />
        {canImport && <ImportWizard onChanged={() => void load()} />}
        {canExport && <ExportForm />}
        {canImport && (
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">
              {t('imports.history')}
            </Title>
            {history.length === 0 ? (
              <Text c="dimmed">{t('imports.noImports')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={600}>
                <Table>
                  <Table.Tbody>
                    {history.map((item) => (
                      <Table.Tr key={item.id}>
                        <Table.Td>{new Date(item.createdAt).toLocaleString()}</Table.Td>
                        <Table.Td>{item.fileName}</Table.Td>
                        <Table.Td>
                          <Badge color={item.status === 'succeeded' ? 'green' : item.status === 'failed' ? 'red' : 'blue'} variant="light">
                            {t(`imports.statuses.${item.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {t('imports.counts.created')} : {item.counts.created} · {t('imports.counts.updated')} : {item.counts.updated} ·{' '}
                          {t('imports.counts.skipped')} : {item.counts.skipped}
                        </Table.Td>
                        <Table.Td>
                          {item.issueCount > 0 && (
                            <Anchor href={errorReportUrl(item.id)} download>
                              {t('imports.errorReport', { count: item.issueCount })}
                            </Anchor>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Paper>
        )}
      </Stack>
    </>
  );
}
