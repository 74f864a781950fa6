import { Badge, Group, TagsInput, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Tag } from '../../../shared/contracts/people.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';

/** A person's tags: badges for readers, an input that adds and removes them for those who may write. */
export function PersonTags({ personId, tags, canWrite, onChange }: { personId: string; tags: Tag[]; canWrite: boolean; onChange: (tags: Tag[]) => void }) {
  const { t } = useT();
  const [known, setKnown] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!canWrite) return;
    const controller = new AbortController();
    api.listTags({ query: {}, signal: controller.signal }).then(
      (result) => setKnown(result.tags.map((tag) => tag.name)),
      () => undefined,
    );
    return () => controller.abort();
  }, [canWrite]);

  if (!canWrite) {
    return tags.length === 0 ? (
      <Text c="dimmed">{t('people.tags.empty')}</Text>
    ) : (
      <Group gap="xs">
        {tags.map((tag) => (
          <Badge key={tag.id} variant="light">
            {tag.name}
          </Badge>
        ))}
      </Group>
    );
  }

  const update = async (names: string[]) => {
    setError(null);
    const lower = new Set(names.map((n) => n.toLowerCase()));
    const added = names.filter((name) => !tags.some((tag) => tag.name.toLowerCase() === name.toLowerCase()));
    const removed = tags.filter((tag) => !lower.has(tag.name.toLowerCase()));
    try {
      let current = tags;
      if (added.length > 0) current = (await api.addPersonTags({ params: { id: personId }, body: { names: added } })).tags;
      for (const tag of removed) current = (await api.removePersonTag({ params: { id: personId, tagId: tag.id } })).tags;
      onChange(current);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <ErrorAlert error={error} />
      <TagsInput
        label={t('people.tags.label')}
        placeholder={t('people.tags.placeholder')}
        data={known}
        value={tags.map((tag) => tag.name)}
        onChange={(names) => void update(names)}
        clearable={false}
      />
    </>
  );
}
