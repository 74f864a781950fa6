import { Group, Stack, Text } from '@mantine/core';
import type { Import } from '../../../shared/contracts/imports.js';
import { useT } from '../../i18n/use-t.js';

/** The counts of a finished (or running) import, as a small table. */
export function ImportCounts({ item }: { item: Import }) {
  const { t } = useT();
  const keys = ['rows', 'created', 'updated', 'unchanged', 'duplicates', 'skipped', 'suppressed', 'warnings'] as const;
  return (
    <Group gap="lg">
      {keys.map((key) => (
        <Stack key={key} gap={0}>
          <Text fw={700} size="lg">
            {item.counts[key].toLocaleString()}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`imports.counts.${key}`)}
          </Text>
        </Stack>
      ))}
    </Group>
  );
}
