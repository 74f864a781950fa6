import { Anchor, Badge, Button, FileInput, Group, List, Paper, Progress, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { ColumnMappingInput, Import, ImportTarget } from '../../../shared/contracts/imports.js';
import { LEGAL_BASES, type LegalBasis } from '../../../shared/contracts/people.js';
import { IMPORT_FIELDS, importFieldLabel } from '../../../shared/people/import-fields.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { errorReportUrl, uploadFile } from './import-api.js';
import { ImportCounts } from './ImportCounts.js';
import { useAction } from '../../ui/use-action.js';

const IGNORE = '';

/**
 * The import wizard: choose a file, check the proposed mapping, give the legal basis and source
 * for the whole file, then follow the job's progress bar until the counts and the error report.
 */
export function ImportWizard({ onChanged }: { onChanged: () => void }) {
  const { t, locale } = useT();
  const [file, setFile] = useState<File | null>(null);
  const [current, setCurrent] = useState<Import | null>(null);
  const [mapping, setMapping] = useState<ColumnMappingInput[]>([]);
  const [legalBasis, setLegalBasis] = useState<LegalBasis | null>(null);
  const [dataSource, setDataSource] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const { busy, error, setError, run } = useAction();
  const [percent, setPercent] = useState(0);

  const fieldOptions = useMemo(
    () => [
      { value: IGNORE, label: t('imports.ignore') },
      ...IMPORT_FIELDS.map((field) => ({ value: field, label: importFieldLabel(field, locale) })),
      { value: 'custom', label: t('imports.customField') },
    ],
    [t, locale],
  );

  const upload = async () => {
    if (!file) return;
    await run(async () => {
      const uploaded = await uploadFile(file);
      setCurrent(uploaded);
      setMapping(uploaded.proposedMapping.map((c) => ({ column: c.column, field: c.field })));
      setDataSource(uploaded.fileName);
    });
  };

  const start = async () => {
    if (!current || !legalBasis) return;
    await run(async () => {
      setCurrent(await api.startImport({ params: { importId: current.id }, body: { mapping, legalBasis, dataSource, tags } }));
      onChanged();
    });
  };

  // While the job runs: poll its progress, then read the import's final counts once.
  const jobId = current?.jobId ?? null;
  const running = current?.status === 'queued' || current?.status === 'running';
  useEffect(() => {
    if (!jobId || !running || !current) return;
    let stopped = false;
    const tick = async () => {
      try {
        const job = await api.getJob({ params: { jobId } });
        if (stopped) return;
        setPercent(job.total ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0);
        if (job.status === 'succeeded' || job.status === 'failed') {
          setCurrent(await api.getImport({ params: { importId: current.id } }));
          onChanged();
          return;
        }
      } catch (failure) {
        setError(failure);
      }
      if (!stopped) timer = setTimeout(() => void tick(), 1000);
    };
    let timer = setTimeout(() => void tick(), 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, running, current, onChanged]);

  const reset = () => {
    setCurrent(null);
    setFile(null);
    setMapping([]);
    setLegalBasis(null);
    setTags([]);
    setPercent(0);
    setError(null);
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          {!current ? t('imports.uploadTitle') : current.status === 'uploaded' ? t('imports.mappingTitle') : current.fileName}
        </Title>
        <ErrorAlert error={error} />

        {!current && (
          <>
            <Text size="sm" c="dimmed">
              {t('imports.uploadHelp')}
            </Text>
            <Group align="end">
              <FileInput label={t('imports.file')} placeholder={t('imports.filePlaceholder')} accept=".csv,.txt,.tsv,text/csv" value={file} onChange={setFile} w={360} />
              <Button onClick={() => void upload()} disabled={!file} loading={busy}>
                {t('imports.upload')}
              </Button>
            </Group>
          </>
        )}

        {current?.status === 'uploaded' && (
          <>
            <Text size="sm">
              {current.fileName} — {t('imports.detected', { columns: current.headers.length, delimiter: current.delimiter === '\t' ? 'tab' : current.delimiter, encoding: current.encoding })}
            </Text>
            <Text size="sm" c="dimmed">
              {t('imports.mappingHelp')}
            </Text>
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.column')}</Table.Th>
                    <Table.Th>{t('imports.example')}</Table.Th>
                    <Table.Th>{t('imports.field')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {current.headers.map((header, column) => {
                    const entry = mapping.find((m) => m.column === column);
                    const proposal = current.proposedMapping[column];
                    return (
                      <Table.Tr key={column}>
                        <Table.Td>
                          {header}{' '}
                          {proposal?.match === 'guess' && entry?.field === proposal.field && (
                            <Badge size="xs" variant="light">
                              {t('imports.guessed')}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed" lineClamp={1}>
                            {current.sample.map((row) => row[column] ?? '').find((v) => v !== '') ?? ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Select
                            aria-label={header}
                            data={fieldOptions}
                            value={entry?.field ?? IGNORE}
                            searchable
                            allowDeselect={false}
                            onChange={(value) =>
                              setMapping((list) =>
                                list.map((m) => (m.column === column ? { column, field: value === IGNORE || value === null ? null : (value as ImportTarget) } : m)),
                              )
                            }
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group align="start" grow>
              <Select
                label={t('imports.legalBasis')}
                description={t('imports.legalBasisHelp')}
                data={LEGAL_BASES.map((basis) => ({ value: basis, label: t(`imports.legalBases.${basis}`) }))}
                value={legalBasis}
                onChange={(value) => setLegalBasis(value as LegalBasis | null)}
                required
              />
              <TextInput label={t('imports.dataSource')} placeholder={t('imports.dataSourcePlaceholder')} value={dataSource} onChange={(e) => setDataSource(e.currentTarget.value)} required />
            </Group>
            <TagsInput label={t('imports.tags')} value={tags} onChange={setTags} />
            <Group>
              <Button onClick={() => void start()} loading={busy} disabled={!legalBasis || dataSource.trim() === ''}>
                {t('imports.start')}
              </Button>
              <Button variant="subtle" onClick={reset}>
                {t('imports.cancel')}
              </Button>
            </Group>
          </>
        )}

        {current && running && (
          <>
            <Text size="sm">{t('imports.progress', { percent })}</Text>
            <Progress value={percent} animated aria-label={t('imports.progress', { percent })} />
          </>
        )}

        {current && (current.status === 'succeeded' || current.status === 'failed') && (
          <>
            <Badge color={current.status === 'succeeded' ? 'green' : 'red'}>{t(`imports.statuses.${current.status}`)}</Badge>
            {current.error && <Text c="red">{current.error}</Text>}
            <ImportCounts item={current} />
            {current.mergeSample.length > 0 && (
              <div>
                <Text fw={600} size="sm">
                  {t('imports.merged')}
                </Text>
                <List size="sm">
                  {current.mergeSample.slice(0, 10).map((m) => (
                    <List.Item key={`${m.line}-${m.personId}`}>
                      {t('imports.mergedLine', { line: m.line, name: m.name, reason: t(`imports.matchedBy.${m.matchedBy}`, { line: m.sameAsLine ?? '' }) })}
                    </List.Item>
                  ))}
                </List>
              </div>
            )}
            <Group>
              {current.issueCount > 0 && (
                <Anchor href={errorReportUrl(current.id)} download>
                  {t('imports.errorReport', { count: current.issueCount })}
                </Anchor>
              )}
              <Button variant="light" onClick={reset}>
                {t('imports.newImport')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
