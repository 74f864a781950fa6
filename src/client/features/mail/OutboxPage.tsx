import { Alert, Badge, Button, Group, Loader, Modal, Stack, Table, Tabs, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { OutboxMessage } from '../../../shared/contracts/mail.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { MailTemplatesPanel } from './MailTemplatesPanel.js';

type Detail = Awaited<ReturnType<typeof api.getOutboxMessage>>;
const STATUS_COLOR = { queued: 'yellow', sent: 'green', failed: 'red' } as const;

/**
 * The outbox: every e-mail Relais sent or will send. With no SMTP server configured (the embedded
 * default) this is where organizers read them, so a demo works end to end.
 */
export function OutboxPage() {
  const { t } = useT();
  const fmt = useFormat();
  const [data, setData] = useState<{ smtpConfigured: boolean; messages: OutboxMessage[] } | null>(null);
  const [open, setOpen] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const [notice, setNotice] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .listOutbox({ query: { limit: 100 } })
      .then(setData)
      .catch(setError);
  }, []);
  useEffect(reload, [reload]);

  const retry = async () => {
    try {
      const res = await api.retryOutbox();
      setNotice(t('mail.retried', { count: res.queued }));
      reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const read = async (id: string) => {
    try {
      setOpen(await api.getOutboxMessage({ params: { messageId: id } }));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageHeader title={t('mail.outboxTitle')} />
      <Tabs defaultValue="outbox" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="outbox">{t('mail.tabOutbox')}</Tabs.Tab>
          <Tabs.Tab value="templates">{t('mail.tabTemplates')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="templates">
          <MailTemplatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="outbox">
          <ErrorAlert error={error} />
          {notice && (
            <Alert color="green" mb="md" withCloseButton onClose={() => setNotice(null)}>
              {notice}
            </Alert>
          )}
          {data?.smtpConfigured && (
            <Group justify="flex-end" mb="md">
              <Button variant="light" onClick={() => void retry()}>
                {t('mail.retry')}
              </Button>
            </Group>
          )}
          {data && !data.smtpConfigured && (
            <Alert color="blue" mb="md">
              {t('mail.noSmtp')}
            </Alert>
          )}
          {!data ? (
            !error && <Loader />
          ) : data.messages.length === 0 ? (
            <Text c="dimmed">{t('mail.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('mail.createdAt')}</Table.Th>
                    <Table.Th>{t('mail.to')}</Table.Th>
                    <Table.Th>{t('mail.subject')}</Table.Th>
                    <Table.Th>{t('mail.status')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.messages.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{fmt.dateTime(m.createdAt)}</Table.Td>
                      <Table.Td>{m.to}</Table.Td>
                      <Table.Td>{m.subject}</Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[m.status]} title={m.lastError ?? undefined}>
                          {t(`mail.statuses.${m.status}`)}
                          {m.attempts > 1 ? ` (${m.attempts})` : ''}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="subtle" onClick={() => void read(m.id)}>
                          {t('mail.open')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Tabs.Panel>
      </Tabs>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject ?? ''} size="lg">
        {open && (
          <Stack>
            <Text size="sm" c="dimmed">
              {t('mail.to')} : {open.to}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{open.text}</Text>
            {open.attachments.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('mail.attachments')} : {open.attachments.map((a) => a.filename).join(', ')}
              </Text>
            )}
          </Stack>
        )}
      </Modal>
    </>
  );
}
