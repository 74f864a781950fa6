import type { ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { useT } from '../../i18n/use-t.js';

/**
 * The script in a few lines for a printed sheet: each section, its questions with their choices,
 * and where a choice jumps to, so a caller on paper follows the same branches as on screen.
 */
export function ScriptSummary({ name, document }: { name: string; document: ScriptDocument }) {
  const { t } = useT();
  const titles = new Map(document.sections.map((s) => [s.id, s.title]));
  return (
    <section className="call-sheet-script">
      <h2>{t('callSheet.script', { name })}</h2>
      <ol>
        {document.sections.map((section) => (
          <li key={section.id}>
            <strong>{section.title}</strong>
            {section.next && titles.has(section.next) && <span className="call-sheet-dim"> → {titles.get(section.next)}</span>}
            {section.questions.map((question) => (
              <div key={question.id} className="call-sheet-question">
                {question.label}
                {question.required && <span className="call-sheet-dim"> ({t('callSheet.required')})</span>}
                {' : '}
                {question.kind === 'text' ? (
                  <span className="call-sheet-dim">{t('callSheet.freeText')}</span>
                ) : (
                  question.choices.map((choice, i) => (
                    <span key={choice.id}>
                      {i > 0 && ' · '}
                      <span className="call-sheet-box" aria-hidden />
                      {choice.label}
                      {choice.goto && titles.has(choice.goto) && <span className="call-sheet-dim"> → {titles.get(choice.goto)}</span>}
                    </span>
                  ))
                )}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
