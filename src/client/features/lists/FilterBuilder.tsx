import { ActionIcon, Button, Group, Menu, NativeSelect, Paper, SegmentedControl, Stack } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { CRITERION_TYPES, isGroup, type Criterion, type CriterionType, type FilterGroup, type FilterNode } from '../../../shared/people/filter.js';
import { useT } from '../../i18n/use-t.js';
import { CriterionEditor } from './CriterionEditor.js';
import { newCriterion } from './filter-draft.js';

type Tags = readonly { id: string; name: string }[];

/**
 * The filter builder: a group of criteria joined by "all" or "any", with nested groups for
 * "(A or B) and C". Each row picks a criterion type, then its values.
 */
export function FilterBuilder({ value, onChange, tags, depth = 0, onRemove }: { value: FilterGroup; onChange: (next: FilterGroup) => void; tags: Tags; depth?: number; onRemove?: () => void }) {
  const { t } = useT();
  const setChild = (index: number, child: FilterNode) => onChange({ ...value, children: value.children.map((c, i) => (i === index ? child : c)) });
  const removeChild = (index: number) => onChange({ ...value, children: value.children.filter((_, i) => i !== index) });
  const add = (node: FilterNode) => onChange({ ...value, children: [...value.children, node] });

  return (
    <Paper withBorder={depth > 0} p={depth > 0 ? 'sm' : 0} radius="md" role="group" aria-label={t('lists.filter.group')}>
      <Stack gap="xs">
        <Group justify="space-between">
          <SegmentedControl
            size="xs"
            value={value.op}
            onChange={(op) => onChange({ ...value, op: op as 'and' | 'or' })}
            data={[
              { value: 'and', label: t('lists.filter.matchAll') },
              { value: 'or', label: t('lists.filter.matchAny') },
            ]}
          />
          {onRemove && (
            <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('lists.filter.remove')}>
              <IconX size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
        {value.children.map((child, index) =>
          isGroup(child) ? (
            <FilterBuilder key={index} value={child} onChange={(next) => setChild(index, next)} tags={tags} depth={depth + 1} onRemove={() => removeChild(index)} />
          ) : (
            <CriterionRow key={index} criterion={child} onChange={(next) => setChild(index, next)} onRemove={() => removeChild(index)} tags={tags} />
          ),
        )}
        <Group gap="xs">
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />}>
                {t('lists.filter.addCriterion')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {CRITERION_TYPES.map((type) => (
                <Menu.Item key={type} onClick={() => add(newCriterion(type))}>
                  {t(`lists.filter.types.${type}`)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {depth < 3 && (
            <Button size="xs" variant="subtle" onClick={() => add({ op: value.op === 'and' ? 'or' : 'and', children: [] })}>
              {t('lists.filter.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function CriterionRow({ criterion, onChange, onRemove, tags }: { criterion: Criterion; onChange: (next: Criterion) => void; onRemove: () => void; tags: Tags }) {
  const { t } = useT();
  return (
    <Group gap="xs" align="center" wrap="wrap">
      <NativeSelect
        size="xs"
        aria-label={t('lists.filter.criterion')}
        value={criterion.type}
        onChange={(e) => onChange(newCriterion(e.currentTarget.value as CriterionType))}
        data={CRITERION_TYPES.map((type) => ({ value: type, label: t(`lists.filter.types.${type}`) }))}
        w={{ base: '100%', sm: 230 }}
      />
      <CriterionEditor criterion={criterion} onChange={onChange} tags={tags} />
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={t('lists.filter.remove')}>
        <IconX size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}
