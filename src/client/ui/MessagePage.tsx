import { Button, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from './PageHeader.js';

/** A titled explanation with a way back home: "not found", "access denied". */
export function MessagePage({ title, text, homeLabel }: { title: string; text: string; homeLabel?: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Paper withBorder radius="md" p="xl">
        <Stack align="flex-start">
          <Text>{text}</Text>
          {homeLabel && (
            <Button component={Link} to="/" variant="light">
              {homeLabel}
            </Button>
          )}
        </Stack>
      </Paper>
    </>
  );
}
