import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { outline, type OutlineTarget } from '../../../shared/scripts/script.analysis.js';
import type { ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { useT } from '../../i18n/use-t.js';

/** The script as a readable tree: section → question → choice → where it leads, with its actions. */
export function ScriptOutlineView({ doc }: { doc: ScriptDocument }) {
  const { t } = useT();
  const tree = outline(doc);
  const describe = (target: OutlineTarget) =>
    target.kind === 'section' ? `→ ${target.title}` : target.kind === 'end' ? `→ ${t('scripts.endOfCall')}` : '';

  return (
    <Stack gap="sm">
      {tree.sections.map((section) => (
        <Paper key={section.sectionId} withBorder p="sm" radius="sm" style={section.reachable ? undefined : { opacity: 0.6 }}>
          <Group gap="xs">
            <Text fw={600}>{section.title}</Text>
            {section.isStart && <Badge size="sm">{t('scripts.startBadge')}</Badge>}
            {section.isEnd && <Badge size="sm" color="gray">{t('scripts.endBadge')}</Badge>}
            {!section.reachable && (
              <Badge size="sm" color="orange" variant="light">
                {t('scripts.unreachableBadge')}
              </Badge>
            )}
          </Group>
          <List size="sm" mt={4}>
            {section.questions.map((question) => (
              <List.Item key={question.questionId}>
                {question.label}
                {question.required ? ' *' : ''}
                {question.kind === 'text' && <Text span c="dimmed"> ({t('scripts.kindText')})</Text>}
                <List size="sm" withPadding>
                  {question.choices.map((choice) => (
                    <List.Item key={choice.choiceId}>
                      {choice.label} {describe(choice.target)}
                      {choice.actions.map((action, i) => (
                        <Badge key={i} size="xs" variant="light" ml={4}>
                          {t(`scripts.action.${action.type}`)}
                        </Badge>
                      ))}
                    </List.Item>
                  ))}
                </List>
              </List.Item>
            ))}
          </List>
          {section.thenReachable && (
            <Text size="sm" c="dimmed" mt={4}>
              {t('scripts.then')} {describe(section.then)}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
