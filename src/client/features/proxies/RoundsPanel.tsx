import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ProxyRound } from '../../../shared/contracts/proxies.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { useAction } from '../../ui/use-action.js';
import { roundDay } from './round-day.js';

const EMPTY = { id: null as string | null, label: '', labelEn: '', date: '', deadline: '' };
const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * The proxy settings' election rounds: organizers add, rename, move or delete the rounds the
 * public forms and calls offer, each with its deadline to establish proxies.
 */
export function RoundsPanel({ onChange }: { onChange?: () => void }) {
  const { t, locale } = useT();
  const [rounds, setRounds] = useState<ProxyRound[] | null>(null);
  const [draft, setDraft] = useState(EMPTY);
  const load = useAction();
  const save = useAction();
  const remove = useAction();
  const [removing, setRemoving] = useState<string | null>(null);

  const reload = useCallback(() => load.run(async () => setRounds((await api.listProxyRounds()).rounds)), [load.run]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const submit = () =>
    save.run(async () => {
      const body = { label: draft.label, date: draft.date, ...(draft.labelEn.trim() ? { labelEn: draft.labelEn } : {}), ...(draft.deadline ? { deadline: draft.deadline } : {}) };
      if (draft.id) await api.updateProxyRound({ params: { roundId: draft.id }, body });
      else await api.createProxyRound({ body });
      setDraft(EMPTY);
      setRounds((await api.listProxyRounds()).rounds);
      onChange?.();
    });

  const del = (round: ProxyRound) => {
    setRemoving(round.id);
    void remove.run(async () => {
      await api.deleteProxyRound({ params: { roundId: round.id } });
      setRounds((await api.listProxyRounds()).rounds);
      onChange?.();
    });
  };

  const today = todayIso();
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        {t('proxies.roundsIntro')}
      </Text>
      <ErrorAlert error={load.error ?? remove.error} />
      {rounds && rounds.length === 0 && <Text c="orange">{t('proxies.noRounds')}</Text>}
      {rounds && rounds.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('proxies.roundLabel')}</Table.Th>
                <Table.Th>{t('proxies.roundDate')}</Table.Th>
                <Table.Th>{t('proxies.roundDeadline')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rounds.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.label}
                    {r.labelEn && (
                      <Text span c="dimmed" size="sm">
                        {' '}
                        ({r.labelEn})
                      </Text>
                    )}
                    {r.deadline < today && (
                      <Badge ml="xs" variant="light" color="gray">
                        {t('proxies.roundClosed')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{roundDay(r.date, locale)}</Table.Td>
                  <Table.Td>{roundDay(r.deadline, locale)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button size="xs" variant="default" aria-label={`${t('proxies.editRound')} — ${r.label}`} onClick={() => setDraft({ id: r.id, label: r.label, labelEn: r.labelEn ?? '', date: r.date, deadline: r.deadline })}>
                        {t('proxies.editRound')}
                      </Button>
                      <Button size="xs" variant="subtle" color="red" aria-label={`${t('proxies.deleteRound')} — ${r.label}`} loading={remove.busy && removing === r.id} onClick={() => del(r)}>
                        {t('proxies.deleteRound')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Paper withBorder p="md" radius="md">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Stack gap="sm">
            <Title order={3} size="h5">
              {draft.id ? `${t('proxies.editRound')} — ${draft.label}` : t('proxies.addRound')}
            </Title>
            <ErrorAlert error={save.error} shownFields={['label', 'labelEn', 'date', 'deadline']} />
            <Group grow wrap="wrap" align="flex-start">
              <TextInput
                required
                label={t('proxies.roundLabel')}
                placeholder={t('proxies.roundLabelPlaceholder')}
                value={draft.label}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  setDraft((d) => ({ ...d, label }));
                }}
                error={fieldError(save.error, 'label')}
              />
              <TextInput
                label={t('proxies.roundLabelEn')}
                description={t('proxies.roundLabelEnHint')}
                placeholder="First round"
                value={draft.labelEn}
                onChange={(e) => {
                  const labelEn = e.currentTarget.value;
                  setDraft((d) => ({ ...d, labelEn }));
                }}
                error={fieldError(save.error, 'labelEn')}
              />
              <TextInput
                required
                type="date"
                label={t('proxies.roundDate')}
                value={draft.date}
                onChange={(e) => {
                  const date = e.currentTarget.value;
                  setDraft((d) => ({ ...d, date }));
                }}
                error={fieldError(save.error, 'date')}
              />
              <TextInput
                type="date"
                label={t('proxies.roundDeadline')}
                description={t('proxies.roundDeadlineHint')}
                value={draft.deadline}
                onChange={(e) => {
                  const deadline = e.currentTarget.value;
                  setDraft((d) => ({ ...d, deadline }));
                }}
                error={fieldError(save.error, 'deadline')}
              />
            </Group>
            <Group gap="xs">
              <Button type="submit" loading={save.busy}>
                {draft.id ? t('proxies.saveRound') : t('proxies.addRound')}
              </Button>
              {draft.id && (
                <Button variant="default" onClick={() => setDraft(EMPTY)}>
                  {t('proxies.cancelEdit')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
