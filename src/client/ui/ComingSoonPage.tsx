import { Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';
import { useT } from '../i18n/use-t.js';
import { PageHeader } from './PageHeader.js';

/** The place of a module not built yet, titled with the module's name. */
export function ComingSoonPage({ title }: { title: string }) {
  const { t } = useT();
  return (
    <>
      <PageHeader title={title} />
      <Paper withBorder radius="md" p="xl">
        <Stack align="center" gap="xs" ta="center">
          <ThemeIcon variant="light" size={56} radius="xl">
            <IconTools size={30} aria-hidden />
          </ThemeIcon>
          <Text fw={600} size="lg">
            {t('comingSoon.text')}
          </Text>
          <Text c="dimmed">{t('comingSoon.detail')}</Text>
        </Stack>
      </Paper>
    </>
  );
}
