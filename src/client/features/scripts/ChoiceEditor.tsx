import { ActionIcon, Badge, Group, Menu, NativeSelect, Stack, TextInput } from '@mantine/core';
import { IconBolt, IconTrash, IconX } from '@tabler/icons-react';
import type { Path } from '../../../shared/contracts/paths.js';
import { ACTION_TYPES, type Action, type ActionType, type Choice } from '../../../shared/scripts/script.schema.js';
import { useT } from '../../i18n/use-t.js';

function defaultAction(type: ActionType, paths: Path[]): Action {
  switch (type) {
    case 'set_support_level':
      return { type, level: 1 };
    case 'add_tags':
    case 'remove_tags':
      return { type, tags: ['tag'] };
    case 'path_move':
      return { type, pathId: paths[0]?.id ?? '1', stepId: paths[0]?.steps[0]?.id ?? '1' };
    case 'volunteer_interest':
    case 'proxy_need':
    case 'proxy_offer':
    case 'do_not_call':
      return { type };
  }
}

/** One answer button: its label, where it jumps, and what it does to the person's record. */
export function ChoiceEditor({
  choice,
  targets,
  isEnd,
  paths,
  onChange,
  onRemove,
}: {
  choice: Choice;
  targets: { value: string; label: string }[];
  isEnd: boolean;
  paths: Path[];
  onChange: (choice: Choice) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const setAction = (a: number, action: Action) => onChange({ ...choice, actions: choice.actions.map((x, i) => (i === a ? action : x)) });
  const jumpTargets = [{ value: '', label: t('scripts.noJump') }, ...targets.slice(1)];

  return (
    <Stack gap={4} pl="md" style={{ borderLeft: '3px solid var(--mantine-color-blue-2)' }}>
      <Group align="end" wrap="wrap" gap="xs">
        <TextInput size="xs" label={t('scripts.choice')} value={choice.label} onChange={(e) => onChange({ ...choice, label: e.currentTarget.value })} style={{ flex: 1, minWidth: 140 }} />
        {!isEnd && <NativeSelect size="xs" label={t('scripts.goTo')} value={choice.goto ?? ''} data={jumpTargets} onChange={(e) => onChange({ ...choice, goto: e.currentTarget.value || null })} />}
        <Menu>
          <Menu.Target>
            <ActionIcon variant="subtle" aria-label={t('scripts.addAction')} mb={2} disabled={choice.actions.length >= 10}>
              <IconBolt size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {ACTION_TYPES.map((type) => (
              <Menu.Item key={type} onClick={() => onChange({ ...choice, actions: [...choice.actions, defaultAction(type, paths)] })}>
                {t(`scripts.action.${type}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <ActionIcon variant="subtle" color="red" aria-label={t('scripts.removeChoice')} mb={2} onClick={onRemove}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      {choice.actions.map((action, a) => (
        <Group key={a} gap="xs" wrap="wrap" align="center">
          <Badge variant="light" leftSection={<IconBolt size={12} aria-hidden />}>
            {t(`scripts.action.${action.type}`)}
          </Badge>
          <ActionParams action={action} paths={paths} onChange={(next) => setAction(a, next)} />
          <ActionIcon size="sm" variant="subtle" aria-label={t('scripts.removeAction')} onClick={() => onChange({ ...choice, actions: choice.actions.filter((_, i) => i !== a) })}>
            <IconX size={14} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}

function ActionParams({ action, paths, onChange }: { action: Action; paths: Path[]; onChange: (action: Action) => void }) {
  const { t } = useT();
  switch (action.type) {
    case 'set_support_level':
      return (
        <NativeSelect
          size="xs"
          aria-label={t('scripts.action.set_support_level')}
          value={String(action.level)}
          data={[1, 2, 3, 4, 5].map((level) => ({ value: String(level), label: t(`scripts.supportLevel${level as 1 | 2 | 3 | 4 | 5}`) }))}
          onChange={(e) => onChange({ ...action, level: Number(e.currentTarget.value) as 1 | 2 | 3 | 4 | 5 })}
        />
      );
    case 'add_tags':
    case 'remove_tags':
      return (
        <TextInput
          size="xs"
          aria-label={t('scripts.tags')}
          placeholder={t('scripts.tags')}
          value={action.tags.join(', ')}
          onChange={(e) => {
            const tags = e.currentTarget.value.split(',').map((tag) => tag.trim()).filter(Boolean);
            onChange({ ...action, tags: tags.length > 0 ? tags : [''] });
          }}
        />
      );
    case 'path_move': {
      const path = paths.find((p) => p.id === action.pathId);
      if (!path) {
        return <TextInput size="xs" aria-label={t('scripts.pathId')} value={action.pathId} onChange={(e) => onChange({ ...action, pathId: e.currentTarget.value })} />;
      }
      const target = action.complete ? `complete:${action.complete.reasonId}` : action.abandon ? `abandon:${action.abandon.reasonId}` : `step:${action.stepId ?? ''}`;
      return (
        <Group gap="xs">
          <NativeSelect size="xs" aria-label={t('nav.paths')} value={action.pathId} data={paths.map((p) => ({ value: p.id, label: p.name }))} onChange={(e) => onChange({ type: 'path_move', pathId: e.currentTarget.value, stepId: paths.find((p) => p.id === e.currentTarget.value)?.steps[0]?.id ?? '1' })} />
          <NativeSelect
            size="xs"
            aria-label={t('scripts.pathTarget')}
            value={target}
            data={[
              ...path.steps.map((s) => ({ value: `step:${s.id}`, label: s.name })),
              ...path.reasons.map((r) => ({ value: `${r.kind === 'completion' ? 'complete' : 'abandon'}:${r.id}`, label: `${r.kind === 'completion' ? '✓' : '✗'} ${r.label}` })),
            ]}
            onChange={(e) => {
              const [kind, id = ''] = e.currentTarget.value.split(':');
              onChange(kind === 'step' ? { type: 'path_move', pathId: action.pathId, stepId: id } : kind === 'complete' ? { type: 'path_move', pathId: action.pathId, complete: { reasonId: id } } : { type: 'path_move', pathId: action.pathId, abandon: { reasonId: id } });
            }}
          />
        </Group>
      );
    }
    case 'volunteer_interest':
    case 'proxy_need':
    case 'proxy_offer':
    case 'do_not_call':
      return null;
  }
}
