import { Button, Code, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RecruitNode } from '../../../shared/contracts/events.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { RecruitmentPathSetting } from './RecruitmentPathSetting.js';

function countAll(node: RecruitNode): number {
  return node.recruits.reduce((n, child) => n + 1 + countAll(child), 0);
}

/** The "snowflake": each recruiter with the volunteers they brought, and their personal link. */
export function RecruitTreePanel() {
  const { t } = useT();
  const [roots, setRoots] = useState<RecruitNode[] | null>(null);
  const [links, setLinks] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .recruitTree()
      .then((res) => setRoots(res.roots))
      .catch(setError);
  }, []);

  const showLink = async (personId: string) => {
    try {
      const res = await api.createRecruiterLink({ body: { personId } });
      setLinks((prev) => ({ ...prev, [personId]: res.url }));
    } catch (failure) {
      setError(failure);
    }
  };

  const render = (nodes: readonly RecruitNode[]) => (
    <List listStyleType="disc" withPadding>
      {nodes.map((node) => (
        <List.Item key={node.personId}>
          <Group gap="xs" wrap="wrap">
            <Text fw={node.recruits.length > 0 ? 600 : 400}>{node.name}</Text>
            {node.recruits.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('events.recruitCount', { count: countAll(node) })}
              </Text>
            )}
            <Button size="compact-xs" variant="subtle" onClick={() => void showLink(node.personId)}>
              {t('events.recruitLink')}
            </Button>
          </Group>
          {links[node.personId] && <Code>{links[node.personId]}</Code>}
          {node.recruits.length > 0 && render(node.recruits)}
        </List.Item>
      ))}
    </List>
  );

  return (
    <Stack>
      <RecruitmentPathSetting />
      <Text c="dimmed">{t('events.recruitsIntro')}</Text>
      <ErrorAlert error={error} />
      {roots === null ? !error && <Loader /> : roots.length === 0 ? <Text c="dimmed">{t('events.noRecruits')}</Text> : render(roots)}
    </Stack>
  );
}
