import { Alert, Anchor, Badge, Button, Center, Group, List, Loader, NativeSelect, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Path } from '../../../shared/contracts/paths.js';
import type { ScriptDetail } from '../../../shared/contracts/scripts.js';
import { findMergeFields } from '../../../shared/scripts/merge-fields.js';
import { analyzeScript } from '../../../shared/scripts/script.analysis.js';
import { ScriptDocumentSchema, type ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { api } from '../../api/api.js';
import { useSession } from '../../app/session-context.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { moveSection, newSection, withoutSection, withSection } from './script-draft.js';
import { ScriptOutlineView } from './ScriptOutlineView.js';
import { ScriptPreview } from './ScriptPreview.js';
import { ScriptVersionsView } from './ScriptVersionsView.js';
import { SectionEditor } from './SectionEditor.js';
import { useAction } from '../../ui/use-action.js';

/**
 * One script's editor: sections with their questions, choices, jumps and actions; the outline with
 * its warnings; a preview that walks the script as a caller would; saving and publishing.
 */
export function ScriptEditorPage() {
  const { t } = useT();
  const { scriptId = '' } = useParams();
  const { session } = useSession();
  const navigate = useNavigate();
  const [script, setScript] = useState<ScriptDetail | null>(null);
  const [draft, setDraft] = useState<ScriptDocument | null>(null);
  const [name, setName] = useState('');
  const [paths, setPaths] = useState<Path[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run: runAction } = useAction();

  useEffect(() => {
    let live = true;
    api
      .getScript({ params: { scriptId } })
      .then((loaded) => {
        if (!live) return;
        setScript(loaded);
        setDraft(loaded.document);
        setName(loaded.name);
      })
      .catch(setError);
    // Paths feed the "move on a path" action's pickers; organizers without paths.manage type ids.
    if (session.organization?.capabilities.includes('paths.manage')) {
      api
        .listPaths()
        .then(async ({ paths: list }) => Promise.all(list.map((p) => api.getPath({ params: { pathId: p.id } }))))
        .then((full) => live && setPaths(full))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [scriptId, session.organization]);

  const checked = useMemo(() => (draft ? ScriptDocumentSchema.safeParse(draft) : null), [draft]);
  const analysis = useMemo(() => (checked?.success ? analyzeScript(checked.data) : null), [checked]);
  // A typo such as {{person.firstname}} would be read aloud as is: warn before callers see it.
  const unknownFields = useMemo(
    () =>
      (draft?.sections ?? []).flatMap((section) =>
        findMergeFields([section.body, ...section.talkingPoints, ...section.faq.map((f) => f.answer)].join('\n')).unknown.map((field) => ({ section: section.title, field })),
      ),
    [draft],
  );
  const dirty = script !== null && draft !== null && (JSON.stringify(draft) !== JSON.stringify(script.document) || name !== script.name);

  if (!script || !draft) {
    return error ? <ErrorAlert error={error} /> : (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }

  const run = (work: () => Promise<void>) => {
    setNotice(null);
    return runAction(work);
  };
  const save = () =>
    run(async () => {
      const saved = await api.updateScript({ params: { scriptId }, body: { name, document: draft, expectedRevision: script.draftRevision } });
      setScript(saved);
      setDraft(saved.document);
      setNotice(t('scripts.saved'));
    });
  const publish = () =>
    run(async () => {
      const version = await api.publishScript({ params: { scriptId } });
      setScript(await api.getScript({ params: { scriptId } }));
      setNotice(t('scripts.publishedVersion', { version: version.version }));
    });
  const archive = () =>
    run(async () => {
      if (!window.confirm(t('scripts.archiveConfirm'))) return;
      await api.archiveScript({ params: { scriptId } });
      await navigate('/scripts');
    });
  const titleOf = (id: string) => draft.sections.find((s) => s.id === id)?.title ?? id;

  return (
    <>
      <PageHeader title={script.name}>
        <Group gap="xs">
          {script.latestVersion && <Badge variant="light">{t('scripts.versionN', { version: script.latestVersion.version })}</Badge>}
          <Button variant="subtle" color="red" onClick={() => void archive()} disabled={busy}>
            {t('scripts.archive')}
          </Button>
          <Button variant="default" onClick={() => void save()} loading={busy} disabled={!dirty || !checked?.success}>
            {t('scripts.save')}
          </Button>
          <Button onClick={() => void publish()} loading={busy} disabled={dirty || (analysis?.loops.length ?? 0) > 0}>
            {t('scripts.publish')}
          </Button>
        </Group>
      </PageHeader>
      <Stack gap="md">
        <Anchor component={Link} to="/scripts" size="sm">
          ← {t('scripts.back')}
        </Anchor>
        <ErrorAlert error={error} />
        {notice && (
          <Alert color="green" role="status">
            {notice}
          </Alert>
        )}
        {checked && !checked.success && (
          <Alert color="red" title={t('scripts.invalid')}>
            <List size="sm">
              {checked.error.issues.map((issue, i) => (
                <List.Item key={i}>
                  <code>{issue.path.join('.')}</code> {issue.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {analysis && (analysis.loops.length > 0 || analysis.unreachableSectionIds.length > 0 || analysis.deadEnds.length > 0 || unknownFields.length > 0) && (
          <Alert color="orange" title={t('scripts.warnings')}>
            <List size="sm">
              {analysis.loops.map((loop, i) => (
                <List.Item key={`loop-${i}`}>{t('scripts.warningLoop', { loop: [...loop, loop[0] ?? ''].map(titleOf).join(' → ') })}</List.Item>
              ))}
              {analysis.unreachableSectionIds.map((id) => (
                <List.Item key={`unreachable-${id}`}>{t('scripts.warningUnreachable', { section: titleOf(id) })}</List.Item>
              ))}
              {analysis.deadEnds.map((id) => (
                <List.Item key={`dead-${id}`}>{t('scripts.warningDeadEnd', { section: titleOf(id) })}</List.Item>
              ))}
              {unknownFields.map(({ section, field }, i) => (
                <List.Item key={`field-${i}`}>{t('scripts.warningMergeField', { section, field: `{{${field}}}` })}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Tabs defaultValue="edit" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="edit">{t('scripts.tabEdit')}</Tabs.Tab>
            <Tabs.Tab value="outline">{t('scripts.tabOutline')}</Tabs.Tab>
            <Tabs.Tab value="preview" disabled={!checked?.success}>
              {t('scripts.tabPreview')}
            </Tabs.Tab>
            <Tabs.Tab value="versions">{t('scripts.tabVersions')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="edit" pt="md">
            <Stack gap="md">
              <Group align="end" wrap="wrap">
                <TextInput label={t('scripts.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} style={{ flex: 1, minWidth: 220 }} />
                <NativeSelect
                  label={t('scripts.start')}
                  value={draft.startSectionId}
                  data={draft.sections.map((s) => ({ value: s.id, label: s.title }))}
                  onChange={(e) => setDraft({ ...draft, startSectionId: e.currentTarget.value })}
                />
              </Group>
              {draft.sections.map((section, index) => (
                <SectionEditor
                  key={index}
                  doc={draft}
                  index={index}
                  section={section}
                  paths={paths}
                  unreachable={analysis?.unreachableSectionIds.includes(section.id) ?? false}
                  onChange={(next) => setDraft(withSection(draft, index, next))}
                  onRemove={() => setDraft(withoutSection(draft, index))}
                  onMove={(delta) => setDraft(moveSection(draft, index, delta))}
                />
              ))}
              <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDraft({ ...draft, sections: [...draft.sections, newSection(draft, t('scripts.newSection'))] })} style={{ alignSelf: 'flex-start' }}>
                {t('scripts.addSection')}
              </Button>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="outline" pt="md">
            {checked?.success ? <ScriptOutlineView doc={checked.data} /> : <Text c="dimmed">{t('scripts.invalid')}</Text>}
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="md">
            {checked?.success && <ScriptPreview doc={checked.data} />}
          </Tabs.Panel>
          <Tabs.Panel value="versions" pt="md">
            <ScriptVersionsView scriptId={scriptId} latest={script.latestVersion?.version ?? null} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
