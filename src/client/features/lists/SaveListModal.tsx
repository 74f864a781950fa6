import { Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { List } from '../../../shared/contracts/lists.js';
import type { FilterGroup } from '../../../shared/people/filter.js';
import { api } from '../../api/api.js';
import { ApiError } from '../../api/api-error.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';

/** Saves the current filter as a dynamic list, or freezes its people into a static one. */
export function SaveListModal({ opened, onClose, filter, onSaved }: { opened: boolean; onClose: () => void; filter: FilterGroup; onSaved: (list: List) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dynamic' | 'static'>('dynamic');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const list = await api.createList({ body: { name, kind, filter } });
      onSaved(list);
      setName('');
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('lists.save.title')}>
      <form onSubmit={save}>
        <Stack>
          <ErrorAlert error={error} shownFields={['name']} />
          <TextInput label={t('lists.save.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} error={error instanceof ApiError ? error.fieldError('name') : undefined} data-autofocus />
          <Radio.Group label={t('lists.save.kind')} value={kind} onChange={(v) => setKind(v as 'dynamic')}>
            <Stack gap="xs" mt="xs">
              <Radio value="dynamic" label={t('lists.save.dynamic')} />
              <Radio value="static" label={t('lists.save.static')} />
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button type="submit" loading={saving}>
              {t('lists.save.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
