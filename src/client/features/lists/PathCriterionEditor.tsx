import { Group, MultiSelect, NativeSelect, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Path, PathSummary } from '../../../shared/contracts/paths.js';
import type { PathCriterion } from '../../../shared/paths/path-criterion.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';

type Mode = 'any' | 'active' | 'completed' | 'abandoned';

function modeOf(c: PathCriterion): Mode {
  return c.status ?? 'any';
}

/**
 * "On path X": first the path, then where the person is on it — anywhere, at some steps, or
 * finished (completed or abandoned) for some reasons. No step or reason picked means any.
 */
export function PathCriterionEditor({ criterion, onChange }: { criterion: PathCriterion; onChange: (next: PathCriterion) => void }) {
  const { t } = useT();
  const [paths, setPaths] = useState<PathSummary[] | null>(null);
  const [path, setPath] = useState<Path | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.listPaths({ signal: controller.signal }).then(
      (r) => setPaths(r.paths),
      () => setPaths([]),
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (criterion.pathId === '') {
      setPath(null);
      return;
    }
    const controller = new AbortController();
    api.getPath({ params: { pathId: criterion.pathId }, signal: controller.signal }).then(setPath, () => setPath(null));
    return () => controller.abort();
  }, [criterion.pathId]);

  if (paths !== null && paths.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {t('lists.filter.path.none')}
      </Text>
    );
  }
  const mode = modeOf(criterion);
  const setMode = (next: Mode) => onChange({ type: 'path', pathId: criterion.pathId, ...(next === 'any' ? {} : { status: next }) });
  const reasons = path?.reasons.filter((r) => (mode === 'completed' ? r.kind === 'completion' : r.kind === 'abandon')) ?? [];

  return (
    <Group gap="xs" style={{ flex: 1 }} wrap="wrap">
      <NativeSelect
        size="xs"
        aria-label={t('lists.filter.types.path')}
        value={criterion.pathId}
        onChange={(e) => onChange({ type: 'path', pathId: e.currentTarget.value })}
        data={[{ value: '', label: t('lists.filter.path.choose'), disabled: true }, ...(paths ?? []).map((p) => ({ value: p.id, label: p.name }))]}
      />
      {criterion.pathId !== '' && (
        <NativeSelect
          size="xs"
          aria-label={t('lists.filter.path.status')}
          value={mode}
          onChange={(e) => setMode(e.currentTarget.value as Mode)}
          data={(['any', 'active', 'completed', 'abandoned'] as const).map((m) => ({ value: m, label: t(`lists.filter.path.${m}`) }))}
        />
      )}
      {path !== null && mode === 'active' && (
        <MultiSelect
          size="xs"
          aria-label={t('lists.filter.path.steps')}
          value={criterion.stepIds ?? []}
          onChange={(ids) => onChange({ type: 'path', pathId: criterion.pathId, status: 'active', ...(ids.length > 0 ? { stepIds: ids } : {}) })}
          data={path.steps.map((s) => ({ value: s.id, label: s.name }))}
          placeholder={(criterion.stepIds ?? []).length === 0 ? t('lists.filter.path.anyStep') : undefined}
          style={{ flex: 1, minWidth: 180 }}
        />
      )}
      {path !== null && (mode === 'completed' || mode === 'abandoned') && (
        <MultiSelect
          size="xs"
          aria-label={t('lists.filter.path.reasons')}
          value={criterion.reasonIds ?? []}
          onChange={(ids) => onChange({ type: 'path', pathId: criterion.pathId, status: mode, ...(ids.length > 0 ? { reasonIds: ids } : {}) })}
          data={reasons.map((r) => ({ value: r.id, label: r.label }))}
          placeholder={(criterion.reasonIds ?? []).length === 0 ? t('lists.filter.path.anyReason') : undefined}
          style={{ flex: 1, minWidth: 180 }}
        />
      )}
    </Group>
  );
}
