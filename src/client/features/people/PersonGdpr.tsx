import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Person } from '../../../shared/contracts/people.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';

/** GDPR rights on one person: download everything held about them, or erase them (with confirmation). */
export function PersonGdpr({ person, canExport, canErase }: { person: Person; canExport: boolean; canErase: boolean }) {
  const { t } = useT();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [objected, setObjected] = useState(false);
  const [erasing, setErasing] = useState(false);
  const alreadyObjected = person.doNotCall.active || person.doNotEmail.active || person.doNotText.active;

  const download = async () => {
    setExporting(true);
    setError(null);
    try {
      const data = await api.exportPerson({ params: { id: person.id } });
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `person-${person.id}.json`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (failure) {
      setError(failure);
    } finally {
      setExporting(false);
    }
  };

  const erase = async () => {
    setErasing(true);
    setError(null);
    try {
      await api.erasePerson({ params: { id: person.id }, body: { objected } });
      void navigate('/people', { state: { notice: 'erased' } });
    } catch (failure) {
      setError(failure);
      setErasing(false);
    }
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('people.gdpr.intro')}
      </Text>
      <ErrorAlert error={error} />
      <Group>
        {canExport && (
          <Button variant="default" leftSection={<IconDownload size={18} aria-hidden />} loading={exporting} onClick={() => void download()}>
            {t('people.gdpr.export')}
          </Button>
        )}
        {canErase && (
          <Button color="red" variant="light" leftSection={<IconTrash size={18} aria-hidden />} onClick={() => setConfirming(true)}>
            {t('people.gdpr.erase')}
          </Button>
        )}
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('people.gdpr.eraseTitle')} centered>
        <Stack>
          <Text size="sm">{t('people.gdpr.eraseText')}</Text>
          {alreadyObjected ? (
            <Text size="sm" fw={500}>
              {t('people.gdpr.objectedAlready')}
            </Text>
          ) : (
            <Checkbox label={t('people.gdpr.objected')} checked={objected} onChange={(event) => setObjected(event.currentTarget.checked)} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={erasing}>
              {t('people.edit.cancel')}
            </Button>
            <Button color="red" loading={erasing} onClick={() => void erase()}>
              {t('people.gdpr.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
