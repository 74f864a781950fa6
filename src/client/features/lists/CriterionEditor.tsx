import { Checkbox, Chip, Group, MultiSelect, NativeSelect, SegmentedControl, TagsInput, TextInput } from '@mantine/core';
import { FILTER_FLAGS, type Criterion, type FilterFlag } from '../../../shared/people/filter.js';
import { SUPPORT_LEVELS, supportLevelLabel } from '../../../shared/people/support-level.js';
import { useT } from '../../i18n/use-t.js';
import { dayOf, dayStart } from './filter-draft.js';
import { PathCriterionEditor } from './PathCriterionEditor.js';

/** The inputs of one criterion, by type: what the organizer picks ("levels 2, 3, 4", "has a mobile: yes"). */
export function CriterionEditor({
  criterion,
  onChange,
  tags,
}: {
  criterion: Criterion;
  onChange: (next: Criterion) => void;
  tags: readonly { id: string; name: string }[];
}) {
  const { t, locale } = useT();
  const label = t(`lists.filter.types.${criterion.type}`);
  const yesNo = (value: boolean, set: (v: boolean) => void) => (
    <SegmentedControl
      size="xs"
      aria-label={label}
      value={value ? 'yes' : 'no'}
      onChange={(v) => set(v === 'yes')}
      data={[
        { value: 'yes', label: t('lists.filter.yes') },
        { value: 'no', label: t('lists.filter.no') },
      ]}
    />
  );
  const codes = (values: string[], set: (v: string[]) => void) => (
    <TagsInput aria-label={label} size="xs" value={values} onChange={set} placeholder={t('lists.filter.codesPlaceholder')} style={{ flex: 1, minWidth: 180 }} />
  );
  const dates = (c: { after?: string | undefined; before?: string | undefined }, set: (v: { after?: string | undefined; before?: string | undefined }) => void) => (
    <>
      <TextInput type="date" size="xs" label={t('lists.filter.after')} value={dayOf(c.after)} onChange={(e) => set({ ...c, after: dayStart(e.currentTarget.value) })} />
      <TextInput type="date" size="xs" label={t('lists.filter.before')} value={dayOf(c.before)} onChange={(e) => set({ ...c, before: dayStart(e.currentTarget.value) })} />
    </>
  );

  switch (criterion.type) {
    case 'search':
      return (
        <TextInput
          aria-label={label}
          size="xs"
          value={criterion.text}
          placeholder={t('lists.filter.searchPlaceholder')}
          onChange={(e) => onChange({ ...criterion, text: e.currentTarget.value })}
          style={{ flex: 1, minWidth: 200 }}
        />
      );
    case 'supportLevel':
      return (
        <Chip.Group multiple value={criterion.levels.map(String)} onChange={(values) => onChange({ ...criterion, levels: values.map((v) => (v === 'unknown' ? 'unknown' : (Number(v) as 1))) })}>
          <Group gap={6} role="group" aria-label={label}>
            {SUPPORT_LEVELS.map((level) => (
              <Chip key={level} value={String(level)} size="xs">
                {supportLevelLabel(level, locale)}
              </Chip>
            ))}
            <Chip value="unknown" size="xs">
              {t('lists.filter.unknownLevel')}
            </Chip>
          </Group>
        </Chip.Group>
      );
    case 'tags':
      return (
        <Group gap="xs" style={{ flex: 1 }}>
          <NativeSelect
            size="xs"
            aria-label={label}
            value={criterion.match}
            onChange={(e) => onChange({ ...criterion, match: e.currentTarget.value as 'any' })}
            data={(['any', 'all', 'none'] as const).map((m) => ({ value: m, label: t(`lists.filter.tagMatch.${m}`) }))}
          />
          <MultiSelect
            size="xs"
            aria-label={label}
            searchable
            value={criterion.tagIds}
            onChange={(tagIds) => onChange({ ...criterion, tagIds })}
            data={tags.map((tag) => ({ value: tag.id, label: tag.name }))}
            placeholder={criterion.tagIds.length === 0 ? t('lists.filter.tagsPlaceholder') : undefined}
            style={{ flex: 1, minWidth: 180 }}
          />
        </Group>
      );
    case 'commune':
    case 'pollingStation':
    case 'constituency':
      return codes(criterion.codes, (values) => onChange({ ...criterion, codes: values }));
    case 'recruiter':
      return codes(criterion.personIds, (values) => onChange({ ...criterion, personIds: values.filter((v) => /^[1-9]\d{0,17}$/.test(v)) }));
    case 'hasMobile':
    case 'hasPhone':
    case 'hasEmail':
    case 'volunteer':
      return yesNo(criterion.value, (value) => onChange({ ...criterion, value }));
    case 'flag':
      return (
        <Group gap="xs">
          <NativeSelect
            size="xs"
            aria-label={label}
            value={criterion.flag}
            onChange={(e) => onChange({ ...criterion, flag: e.currentTarget.value as FilterFlag })}
            data={FILTER_FLAGS.map((flag) => ({ value: flag, label: t(`lists.filter.flags.${flag}`) }))}
          />
          <SegmentedControl
            size="xs"
            aria-label={t('lists.filter.flagIs')}
            value={criterion.value ? 'set' : 'notSet'}
            onChange={(v) => onChange({ ...criterion, value: v === 'set' })}
            data={[
              { value: 'notSet', label: t('lists.filter.flagNotSet') },
              { value: 'set', label: t('lists.filter.flagSet') },
            ]}
          />
        </Group>
      );
    case 'created':
      return <Group gap="xs">{dates(criterion, (range) => onChange({ type: 'created', ...range }))}</Group>;
    case 'lastContacted':
      return (
        <Group gap="xs" align="flex-end">
          {dates(criterion, (range) => onChange({ ...criterion, ...range }))}
          <Checkbox size="xs" label={t('lists.filter.never')} checked={criterion.never === true} onChange={(e) => onChange({ ...criterion, never: e.currentTarget.checked })} />
        </Group>
      );
    case 'path':
      return <PathCriterionEditor criterion={criterion} onChange={onChange} />;
  }
}
