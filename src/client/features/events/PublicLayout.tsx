import { Container, Group, Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../ui/LanguageSwitch.js';

/** The frame of the public pages (no account, no menu): a language switch and one card. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <Container size="sm" py="xl">
      <Group justify="flex-end" mb="md">
        <LanguageSwitch withLabel />
      </Group>
      <Paper withBorder p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
