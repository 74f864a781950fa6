import { Accordion, Badge, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import type { MergeFieldContext } from '../../../shared/scripts/merge-fields.js';
import { renderMergeFields } from '../../../shared/scripts/merge-fields.js';
import type { ScriptAnswers, ScriptDocument } from '../../../shared/scripts/script.schema.js';
import type { WalkResult } from '../../../shared/scripts/script.walker.js';
import { useT } from '../../i18n/use-t.js';

interface Props {
  document: ScriptDocument;
  walk: WalkResult;
  answers: ScriptAnswers;
  merge: MergeFieldContext;
  onAnswer: (questionId: string, value: string) => void;
}

/**
 * The script as the caller goes through it: the sections the answers lead to so far, in order,
 * each with its text (merge fields filled), talking points, FAQ and questions. Clicking a choice
 * moves the call on; the next section appears below (the walker decides, as on the server).
 */
export function ScriptSections({ document, walk, answers, merge, onAnswer }: Props) {
  const { t } = useT();
  const sections = new Map(document.sections.map((s) => [s.id, s]));
  return (
    <Stack gap="sm">
      {walk.path.map((sectionId, index) => {
        const section = sections.get(sectionId);
        if (!section) return null;
        const current = index === walk.path.length - 1;
        return (
          <Card key={section.id} withBorder padding="sm" opacity={current ? 1 : 0.75}>
            <Title order={3} size="h5" mb={4}>
              {section.title}
            </Title>
            {section.body && (
              <Text size="md" style={{ whiteSpace: 'pre-wrap' }} mb="xs">
                {renderMergeFields(section.body, merge)}
              </Text>
            )}
            {section.talkingPoints.length > 0 && (
              <>
                <Text size="xs" c="dimmed" fw={600}>
                  {t('callbank.screen.talkingPoints')}
                </Text>
                <List size="sm" mb="xs">
                  {section.talkingPoints.map((point) => (
                    <List.Item key={point}>{renderMergeFields(point, merge)}</List.Item>
                  ))}
                </List>
              </>
            )}
            {section.faq.length > 0 && (
              <Accordion variant="contained" mb="xs">
                {section.faq.map((entry) => (
                  <Accordion.Item key={entry.question} value={entry.question}>
                    <Accordion.Control>{entry.question}</Accordion.Control>
                    <Accordion.Panel>{renderMergeFields(entry.answer, merge)}</Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
            <Stack gap="xs">
              {section.questions.map((question) => (
                <div key={question.id}>
                  <Group gap={6} mb={4}>
                    <Text fw={600} size="sm">
                      {renderMergeFields(question.label, merge)}
                    </Text>
                    {question.required && walk.pendingQuestionIds.includes(question.id) && (
                      <Badge color="orange" size="xs">
                        {t('callbank.screen.pending')}
                      </Badge>
                    )}
                  </Group>
                  {question.kind === 'choice' ? (
                    <Group gap="xs">
                      {question.choices.map((choice) => (
                        <Button
                          key={choice.id}
                          size="sm"
                          variant={answers[question.id] === choice.id ? 'filled' : 'default'}
                          aria-pressed={answers[question.id] === choice.id}
                          onClick={() => onAnswer(question.id, answers[question.id] === choice.id ? '' : choice.id)}
                        >
                          {choice.label}
                        </Button>
                      ))}
                    </Group>
                  ) : (
                    <TextInput aria-label={question.label} value={answers[question.id] ?? ''} onChange={(e) => onAnswer(question.id, e.currentTarget.value)} />
                  )}
                </div>
              ))}
            </Stack>
          </Card>
        );
      })}
      {walk.ended && (
        <Text size="sm" c="dimmed">
          {t('callbank.screen.ended')}
        </Text>
      )}
    </Stack>
  );
}
