import { Accordion, Alert, Badge, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { listMergeFields, renderMergeFields } from '../../../shared/scripts/merge-fields.js';
import type { ScriptAnswers, ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { walkScript } from '../../../shared/scripts/script.walker.js';
import { useT } from '../../i18n/use-t.js';

const SAMPLE = Object.fromEntries(listMergeFields().map((f) => [f.key, f.example]));
const CONTEXT = {
  person: { firstName: SAMPLE['person.firstName'] ?? null, lastName: SAMPLE['person.lastName'] ?? null, commune: SAMPLE['person.commune'] ?? null },
  caller: { firstName: SAMPLE['caller.firstName'] ?? null },
};

/** Keeps only the answers to questions the call still goes through (a changed answer may change the way). */
function prune(doc: ScriptDocument, answers: ScriptAnswers): ScriptAnswers {
  let current = answers;
  for (;;) {
    const onPath = new Set(walkScript(doc, current).path);
    const kept = Object.fromEntries(
      Object.entries(current).filter(([questionId]) => doc.sections.some((s) => onPath.has(s.id) && s.questions.some((q) => q.id === questionId))),
    );
    if (Object.keys(kept).length === Object.keys(current).length) return kept;
    current = kept;
  }
}

/** Walks the script as a caller would, with the same walker the caller's screen and the server use. */
export function ScriptPreview({ doc }: { doc: ScriptDocument }) {
  const { t } = useT();
  const [answers, setAnswers] = useState<ScriptAnswers>({});
  const walk = useMemo(() => walkScript(doc, answers), [doc, answers]);
  const answer = (questionId: string, value: string) => setAnswers(prune(doc, { ...answers, [questionId]: value }));

  return (
    <Stack gap="sm" maw={560}>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('scripts.previewHint')}
        </Text>
        <Button size="xs" variant="default" onClick={() => setAnswers({})}>
          {t('scripts.restart')}
        </Button>
      </Group>
      {walk.path.map((sectionId) => {
        const section = doc.sections.find((s) => s.id === sectionId);
        if (!section) return null;
        return (
          <Paper key={sectionId} withBorder p="md" radius="md">
            <Title order={3} size="h4">
              {section.title}
            </Title>
            {section.body && (
              <Text mt="xs" style={{ whiteSpace: 'pre-wrap' }}>
                {renderMergeFields(section.body, CONTEXT)}
              </Text>
            )}
            {section.talkingPoints.length > 0 && (
              <List size="sm" mt="xs">
                {section.talkingPoints.map((point, i) => (
                  <List.Item key={i}>{renderMergeFields(point, CONTEXT)}</List.Item>
                ))}
              </List>
            )}
            {section.faq.length > 0 && (
              <Accordion variant="contained" mt="xs">
                {section.faq.map((entry, i) => (
                  <Accordion.Item key={i} value={String(i)}>
                    <Accordion.Control>{entry.question}</Accordion.Control>
                    <Accordion.Panel>{renderMergeFields(entry.answer, CONTEXT)}</Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
            <Stack gap="xs" mt="sm">
              {section.questions.map((question) => (
                <div key={question.id}>
                  <Text fw={500} size="sm">
                    {question.label}
                    {question.required ? ' *' : ''}
                  </Text>
                  {question.kind === 'choice' ? (
                    <Group gap="xs" mt={4}>
                      {question.choices.map((choice) => (
                        <Button key={choice.id} size="sm" variant={answers[question.id] === choice.id ? 'filled' : 'outline'} onClick={() => answer(question.id, choice.id)}>
                          {choice.label}
                        </Button>
                      ))}
                    </Group>
                  ) : (
                    <TextInput size="sm" aria-label={question.label} value={answers[question.id] ?? ''} onChange={(e) => answer(question.id, e.currentTarget.value)} />
                  )}
                </div>
              ))}
            </Stack>
          </Paper>
        );
      })}
      {walk.ended && (
        <Alert color="green" title={t('scripts.callEnded')}>
          {walk.actions.length === 0 ? (
            t('scripts.noActions')
          ) : (
            <Group gap={4}>
              {walk.actions.map((collected, i) => (
                <Badge key={i} variant="light">
                  {t(`scripts.action.${collected.action.type}`)}
                </Badge>
              ))}
            </Group>
          )}
        </Alert>
      )}
      {walk.errors.some((e) => e.code === 'loop') && <Alert color="red">{t('scripts.previewLoop')}</Alert>}
    </Stack>
  );
}
