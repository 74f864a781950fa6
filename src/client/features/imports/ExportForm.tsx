import { Button, Group, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMN_KEYS, EXPORT_COLUMNS } from '../../../shared/people/export-columns.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { exportUrl } from './import-api.js';

/** Exports everyone or a list as CSV, with the chosen columns; the browser streams the download. */
export function ExportForm() {
  const { t, locale } = useT();
  const [lists, setLists] = useState<{ value: string; label: string }[]>([]);
  const [listId, setListId] = useState<string | null>(null);
  const [columns, setColumns] = useState<string[]>([...DEFAULT_EXPORT_COLUMNS]);
  const [delimiter, setDelimiter] = useState<'semicolon' | 'comma'>('semicolon');

  useEffect(() => {
    api
      .listLists()
      .then((answer) => setLists(answer.lists.map((list) => ({ value: list.id, label: list.name }))))
      .catch(() => setLists([]));
  }, []);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('imports.exportTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.exportHelp')}
        </Text>
        <Select label={t('imports.exportList')} placeholder={t('imports.everyone')} data={lists} value={listId} onChange={setListId} clearable searchable w={360} />
        <MultiSelect
          label={t('imports.exportColumns')}
          data={EXPORT_COLUMN_KEYS.map((key) => ({ value: key, label: EXPORT_COLUMNS[key][locale] }))}
          value={columns}
          onChange={setColumns}
          searchable
        />
        <Group align="end">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('imports.separator')}
            </Text>
            <SegmentedControl
              value={delimiter}
              onChange={(value) => setDelimiter(value === 'comma' ? 'comma' : 'semicolon')}
              data={[
                { value: 'semicolon', label: t('imports.semicolon') },
                { value: 'comma', label: t('imports.comma') },
              ]}
            />
          </Stack>
          <Button component="a" href={exportUrl({ listId, columns, delimiter })} download disabled={columns.length === 0}>
            {t('imports.download')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
