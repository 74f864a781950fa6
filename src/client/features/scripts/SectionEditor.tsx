import { ActionIcon, Badge, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Path } from '../../../shared/contracts/paths.js';
import { listMergeFields } from '../../../shared/scripts/merge-fields.js';
import type { Question, ScriptDocument, Section } from '../../../shared/scripts/script.schema.js';
import { useT } from '../../i18n/use-t.js';
import { ChoiceEditor } from './ChoiceEditor.js';
import { newChoice, newQuestion } from './script-draft.js';

/** One section of the script: its text for the caller, its questions, and where the call goes next. */
export function SectionEditor({
  doc,
  index,
  section,
  paths,
  unreachable,
  onChange,
  onRemove,
  onMove,
}: {
  doc: ScriptDocument;
  index: number;
  section: Section;
  paths: Path[];
  unreachable: boolean;
  onChange: (section: Section) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  const { t, locale } = useT();
  const targets = [{ value: '', label: t('scripts.endOfCall') }, ...doc.sections.filter((s) => s.id !== section.id).map((s) => ({ value: s.id, label: s.title }))];
  const setQuestion = (q: number, question: Question) => onChange({ ...section, questions: section.questions.map((x, i) => (i === q ? question : x)) });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={section.title}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={600}>{index + 1}.</Text>
            {doc.startSectionId === section.id && <Badge>{t('scripts.startBadge')}</Badge>}
            {unreachable && (
              <Badge color="orange" variant="light">
                {t('scripts.unreachableBadge')}
              </Badge>
            )}
          </Group>
          <Group gap={4}>
            <ActionIcon variant="subtle" aria-label={t('scripts.moveUp')} onClick={() => onMove(-1)}>
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" aria-label={t('scripts.moveDown')} onClick={() => onMove(1)}>
              <IconArrowDown size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="red" aria-label={t('scripts.removeSection')} onClick={onRemove} disabled={doc.sections.length === 1}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <Group grow wrap="wrap">
          <TextInput label={t('scripts.sectionTitle')} value={section.title} onChange={(e) => onChange({ ...section, title: e.currentTarget.value })} />
          <TextInput label={t('scripts.sectionId')} value={section.id} readOnly />
        </Group>
        <Textarea
          label={t('scripts.sectionBody')}
          description={t('scripts.mergeFieldsHint', { fields: listMergeFields().map((f) => `${f.token} (${f.label[locale]})`).join(', ') })}
          autosize
          minRows={2}
          value={section.body}
          onChange={(e) => onChange({ ...section, body: e.currentTarget.value })}
        />
        <Textarea
          label={t('scripts.talkingPoints')}
          description={t('scripts.onePerLine')}
          autosize
          minRows={1}
          value={section.talkingPoints.join('\n')}
          onChange={(e) => onChange({ ...section, talkingPoints: e.currentTarget.value.split('\n').filter((line) => line.trim() !== '') })}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('scripts.faq')}
          </Text>
          {section.faq.map((entry, f) => (
            <Group key={f} align="start" wrap="wrap" gap="xs">
              <TextInput size="xs" aria-label={t('scripts.faqQuestion')} placeholder={t('scripts.faqQuestion')} value={entry.question} onChange={(e) => onChange({ ...section, faq: section.faq.map((x, i) => (i === f ? { ...x, question: e.currentTarget.value } : x)) })} style={{ flex: 1, minWidth: 180 }} />
              <Textarea size="xs" aria-label={t('scripts.faqAnswer')} placeholder={t('scripts.faqAnswer')} autosize minRows={1} value={entry.answer} onChange={(e) => onChange({ ...section, faq: section.faq.map((x, i) => (i === f ? { ...x, answer: e.currentTarget.value } : x)) })} style={{ flex: 2, minWidth: 220 }} />
              <ActionIcon variant="subtle" color="red" aria-label={t('scripts.removeFaq')} onClick={() => onChange({ ...section, faq: section.faq.filter((_, i) => i !== f) })}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => onChange({ ...section, faq: [...section.faq, { question: t('scripts.faqQuestion'), answer: t('scripts.faqAnswer') }] })}>
            {t('scripts.addFaq')}
          </Button>
        </Stack>
        {section.questions.map((question, q) => (
          <Paper key={q} withBorder p="sm" radius="sm" bg="var(--mantine-color-gray-0)">
            <Stack gap="xs">
              <Group align="end" wrap="wrap">
                <TextInput label={t('scripts.question')} value={question.label} onChange={(e) => setQuestion(q, { ...question, label: e.currentTarget.value })} style={{ flex: 1, minWidth: 200 }} />
                <NativeSelect
                  label={t('scripts.questionKind')}
                  value={question.kind}
                  data={[
                    { value: 'choice', label: t('scripts.kindChoice') },
                    { value: 'text', label: t('scripts.kindText') },
                  ]}
                  onChange={(e) => {
                    const kind = e.currentTarget.value === 'text' ? 'text' : 'choice';
                    setQuestion(q, { ...question, kind, choices: kind === 'text' ? [] : question.choices.length > 0 ? question.choices : [newChoice(doc, t('scripts.newChoice'))] });
                  }}
                />
                <Checkbox label={t('scripts.required')} checked={question.required} onChange={(e) => setQuestion(q, { ...question, required: e.currentTarget.checked })} mb={8} />
                <ActionIcon variant="subtle" color="red" aria-label={t('scripts.removeQuestion')} mb={4} onClick={() => onChange({ ...section, questions: section.questions.filter((_, i) => i !== q) })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              {question.choices.map((choice, c) => (
                <ChoiceEditor
                  key={c}
                  choice={choice}
                  targets={targets}
                  isEnd={section.end === true}
                  paths={paths}
                  onChange={(next) => setQuestion(q, { ...question, choices: question.choices.map((x, i) => (i === c ? next : x)) })}
                  onRemove={() => setQuestion(q, { ...question, choices: question.choices.filter((_, i) => i !== c) })}
                />
              ))}
              {question.kind === 'choice' && (
                <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => setQuestion(q, { ...question, choices: [...question.choices, newChoice(doc, t('scripts.newChoice'))] })}>
                  {t('scripts.addChoice')}
                </Button>
              )}
            </Stack>
          </Paper>
        ))}
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => onChange({ ...section, questions: [...section.questions, newQuestion(doc, t('scripts.newQuestion'))] })}>
          {t('scripts.addQuestion')}
        </Button>
        <Group align="end" wrap="wrap">
          <Checkbox
            label={t('scripts.endSection')}
            checked={section.end === true}
            onChange={(e) => {
              const end = e.currentTarget.checked;
              onChange({
                ...section,
                end,
                next: end ? null : section.next,
                questions: end ? section.questions.map((qq) => ({ ...qq, choices: qq.choices.map((ch) => ({ ...ch, goto: null })) })) : section.questions,
              });
            }}
          />
          {section.end !== true && (
            <NativeSelect label={t('scripts.thenGoTo')} value={section.next ?? ''} data={targets} onChange={(e) => onChange({ ...section, next: e.currentTarget.value || null })} />
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
