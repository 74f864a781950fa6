import { Button, Card, Group, Select, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/api.js';
import { hasAnyCapability, useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useAction } from '../../ui/use-action.js';

/**
 * Which path people recruited during calls (the script's "interested in volunteering") join;
 * without a choice, a "Recruitment" path is made with the first recruit.
 */
export function RecruitmentPathSetting() {
  const { t } = useT();
  const { session } = useSession();
  const seesPaths = hasAnyCapability(session, ['paths.manage']);
  const [current, setCurrent] = useState<{ pathId: string | null; pathName: string | null } | null>(null);
  const [paths, setPaths] = useState<{ id: string; name: string }[]>([]);
  const [choice, setChoice] = useState<string>('');
  const [error, setError] = useState<unknown>(null);
  const save = useAction();

  useEffect(() => {
    api
      .getRecruitmentPath()
      .then((r) => {
        setCurrent(r);
        setChoice(r.pathId ?? '');
      })
      .catch(setError);
    if (seesPaths)
      api
        .listPaths()
        .then((r) => setPaths(r.paths))
        .catch(setError);
  }, [seesPaths]);

  const submit = () =>
    save.run(async () => {
      const saved = await api.setRecruitmentPath({ body: { pathId: choice || null } });
      setCurrent(saved);
      setChoice(saved.pathId ?? '');
    });

  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="xs">
        {t('events.recruitmentPath')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('events.recruitmentPathHelp')}
      </Text>
      <ErrorAlert error={error ?? save.error} />
      {current && !seesPaths && <Text>{current.pathName ?? t('events.recruitmentPathDefault')}</Text>}
      {current && seesPaths && (
        <Group align="end" wrap="wrap">
          <Select
            label={t('events.recruitmentPathLabel')}
            data={[{ value: '', label: t('events.recruitmentPathDefault') }, ...paths.map((p) => ({ value: p.id, label: p.name }))]}
            value={choice}
            onChange={(value) => setChoice(value ?? '')}
            allowDeselect={false}
            w={300}
          />
          <Button onClick={() => void submit()} loading={save.busy} disabled={choice === (current.pathId ?? '')}>
            {t('events.recruitmentPathSave')}
          </Button>
        </Group>
      )}
    </Card>
  );
}
