import { ActionIcon, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Path } from '../../../shared/contracts/paths.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useAction } from '../../ui/use-action.js';

type StepDraft = { id?: string; name: string };
type ReasonDraft = { id?: string; kind: 'completion' | 'abandon'; label: string };

function swap<T>(list: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}

/** Renames a path, orders, adds and removes its steps and reasons (the server refuses to strand people). */
export function PathStructureEditor({ path, onSaved }: { path: Path; onSaved: (path: Path) => void }) {
  const { t } = useT();
  const [name, setName] = useState(path.name);
  const [steps, setSteps] = useState<StepDraft[]>(path.steps.map((s) => ({ id: s.id, name: s.name })));
  const [reasons, setReasons] = useState<ReasonDraft[]>(path.reasons.map((r) => ({ id: r.id, kind: r.kind, label: r.label })));
  const { busy, error, run } = useAction();

  const save = async () => {
    await run(async () => {
      onSaved(await api.updatePath({ params: { pathId: path.id }, body: { name, steps, reasons } }));
    });
  };

  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <TextInput label={t('paths.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Title order={3} size="h5">
          {t('paths.steps')}
        </Title>
        {steps.map((step, i) => (
          <Group key={step.id ?? `new-${i}`} gap="xs" wrap="nowrap">
            <Text size="sm" w={24}>
              {i + 1}.
            </Text>
            <TextInput size="xs" aria-label={t('paths.stepName')} value={step.name} onChange={(e) => setSteps(steps.map((s, j) => (j === i ? { ...s, name: e.currentTarget.value } : s)))} style={{ flex: 1 }} />
            <ActionIcon variant="subtle" aria-label={t('scripts.moveUp')} onClick={() => setSteps(swap(steps, i, -1))}>
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('scripts.moveDown')} onClick={() => setSteps(swap(steps, i, 1))}>
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={t('paths.removeStep')} disabled={steps.length === 1} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => setSteps([...steps, { name: t('paths.newStep') }])}>
          {t('paths.addStep')}
        </Button>
        <Title order={3} size="h5">
          {t('paths.reasons')}
        </Title>
        {reasons.map((reason, i) => (
          <Group key={reason.id ?? `new-${i}`} gap="xs" wrap="nowrap">
            <NativeSelect
              size="xs"
              aria-label={t('paths.reasonKind')}
              value={reason.kind}
              data={[
                { value: 'completion', label: t('paths.completion') },
                { value: 'abandon', label: t('paths.abandon') },
              ]}
              onChange={(e) => setReasons(reasons.map((r, j) => (j === i ? { ...r, kind: e.currentTarget.value === 'abandon' ? 'abandon' : 'completion' } : r)))}
            />
            <TextInput size="xs" aria-label={t('paths.reasonLabel')} value={reason.label} onChange={(e) => setReasons(reasons.map((r, j) => (j === i ? { ...r, label: e.currentTarget.value } : r)))} style={{ flex: 1 }} />
            <ActionIcon variant="subtle" color="red" aria-label={t('paths.removeReason')} onClick={() => setReasons(reasons.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => setReasons([...reasons, { kind: 'completion', label: t('paths.newReason') }])}>
          {t('paths.addReason')}
        </Button>
        <ErrorAlert error={error} />
        <Button onClick={() => void save()} loading={busy} style={{ alignSelf: 'flex-start' }}>
          {t('paths.saveStructure')}
        </Button>
      </Stack>
    </Paper>
  );
}
