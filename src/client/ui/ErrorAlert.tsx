import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiError } from '../api/api-error.js';

/**
 * Shows what went wrong, in the server's words. Field errors the form already shows under its
 * inputs (`shownFields`) are not repeated; any other field error is listed.
 */
export function ErrorAlert({ error, shownFields = [] }: { error: unknown; shownFields?: readonly string[] }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const others = error instanceof ApiError ? error.otherFieldErrors(shownFields) : [];
  return (
    <Alert color="red" icon={<IconAlertCircle aria-hidden />} role="alert">
      {message}
      {others.length > 0 && (
        <List size="sm" mt="xs">
          {others.map((field) => (
            <List.Item key={field.path}>{field.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
