import { Box, Container, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.js';
import { LanguageSwitch } from '../../ui/LanguageSwitch.js';

/** The frame of the screens before signing in: the name, the language switch, one card. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useT();
  return (
    <Box mih="100vh" bg="gray.0" py="md">
      <Container size={440} px="sm">
        <Group justify="space-between" mb="xl" wrap="nowrap">
          <Text component="p" fw={800} size="xl" c="blue.7" m={0}>
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', xs: 'xl' }}>
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
