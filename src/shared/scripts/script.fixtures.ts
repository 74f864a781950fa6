import fc from 'fast-check';
import { ScriptDocumentSchema } from './script.schema.js';
import type { ScriptAnswers, ScriptDocument, ScriptDocumentInput, Section } from './script.schema.js';
import { walkScript } from './script.walker.js';

// Test-only helpers shared by the script tests; nothing in the app imports this file.

/** Parses a hand-written script, failing loudly so a broken fixture never hides a broken test. */
export function scriptFixture(input: ScriptDocumentInput): ScriptDocument {
  return ScriptDocumentSchema.parse(input);
}

/**
 * A small GOTV call used by the walker and analysis tests:
 * intro →(yes) vote →(yes) station → thanks; vote →(no) proxy →(need) proxy-details → thanks;
 * proxy →(offer) thanks; intro →(later) callback (end).
 */
export const callFixture: ScriptDocument = scriptFixture({
  startSectionId: 'intro',
  sections: [
    {
      id: 'intro',
      title: 'Introduction',
      questions: [
        {
          id: 'q-talk',
          label: 'Can you talk?',
          kind: 'choice',
          required: true,
          choices: [
            { id: 'yes', label: 'Yes', actions: [{ type: 'add_tags', tags: ['reached'] }] },
            { id: 'later', label: 'Later', goto: 'callback' },
          ],
        },
      ],
      next: 'vote',
    },
    {
      id: 'vote',
      title: 'Vote',
      questions: [
        {
          id: 'q-vote',
          label: 'Will you vote?',
          kind: 'choice',
          required: true,
          choices: [
            { id: 'yes', label: 'Yes', goto: 'station', actions: [{ type: 'set_support_level', level: 1 }] },
            { id: 'no', label: 'No', goto: 'proxy', actions: [{ type: 'set_support_level', level: 3 }] },
          ],
        },
        { id: 'q-note', label: 'Note', kind: 'text' },
      ],
    },
    {
      id: 'station',
      title: 'Polling station',
      questions: [
        {
          id: 'q-station',
          label: 'Do you know your polling station?',
          kind: 'choice',
          choices: [
            { id: 'knows', label: 'Yes' },
            { id: 'unknown', label: 'No', actions: [{ type: 'add_tags', tags: ['needs-info'] }] },
          ],
        },
      ],
      next: 'thanks',
    },
    {
      id: 'proxy',
      title: 'Proxy',
      questions: [
        {
          id: 'q-proxy',
          label: 'Proxy?',
          kind: 'choice',
          required: true,
          choices: [
            { id: 'need', label: 'I need one', actions: [{ type: 'proxy_need' }] },
            { id: 'offer', label: 'I can carry one', goto: 'thanks', actions: [{ type: 'proxy_offer' }] },
          ],
        },
      ],
      next: 'proxy-details',
    },
    {
      id: 'proxy-details',
      title: 'Proxy details',
      questions: [{ id: 'q-availability', label: 'When are you available?', kind: 'text', required: true }],
      next: 'thanks',
    },
    { id: 'callback', title: 'Call back', questions: [{ id: 'q-when', label: 'When?', kind: 'text' }], end: true },
    { id: 'thanks', title: 'Thanks', end: true },
  ],
});

/** A two-section script whose jumps go round in circles: a →(go) b → a, and b →(back) a. */
export const loopFixture: ScriptDocument = scriptFixture({
  startSectionId: 'a',
  sections: [
    { id: 'a', title: 'A', questions: [{ id: 'q-a', label: 'Go?', kind: 'choice', choices: [{ id: 'go', label: 'Go', goto: 'b' }] }] },
    {
      id: 'b',
      title: 'B',
      questions: [{ id: 'q-b', label: 'Back?', kind: 'choice', choices: [{ id: 'back', label: 'Back', goto: 'a' }, { id: 'stay', label: 'Stay' }] }],
      next: 'a',
    },
  ],
});

/**
 * Random valid scripts of 1 to 7 sections: random questions (choice or text, required or not),
 * random jumps and `next` anywhere (loops included), random end sections.
 */
export const arbitraryScript: fc.Arbitrary<ScriptDocument> = fc.integer({ min: 1, max: 7 }).chain((count) => {
  const ids = Array.from({ length: count }, (_, index) => `s${index}`);
  const target = fc.option(fc.constantFrom(...ids), { nil: null });
  const choice = fc.record({ goto: target, withAction: fc.boolean() });
  const question = fc.record({ text: fc.boolean(), required: fc.boolean(), choices: fc.array(choice, { minLength: 1, maxLength: 3 }) });
  const section = fc.record({ questions: fc.array(question, { maxLength: 3 }), next: target, end: fc.nat(4).map((n) => n === 0) });
  return fc.record({ start: fc.constantFrom(...ids), sections: fc.tuple(...ids.map(() => section)) }).map(({ start, sections }) =>
    scriptFixture({
      startSectionId: start,
      sections: sections.map((raw, s): ScriptDocumentInput['sections'][number] => ({
        id: `s${s}`,
        title: `Section ${s}`,
        end: raw.end,
        next: raw.end ? null : raw.next,
        questions: raw.questions.map((q, i) => ({
          id: `s${s}q${i}`,
          label: `Question ${i}`,
          kind: q.text ? 'text' : 'choice',
          required: q.required,
          choices: q.text
            ? []
            : q.choices.map((c, k) => ({
                id: `c${k}`,
                label: `Choice ${k}`,
                goto: raw.end ? null : c.goto,
                actions: c.withAction ? [{ type: 'add_tags', tags: [`s${s}q${i}c${k}`] }] : [],
              })),
        })),
      })),
    }),
  );
});

/**
 * Plays a call the way a caller would: at the section where the call stands, answer its
 * questions with the offered choices (or some text), sometimes skipping one, until the call ends,
 * stops on a loop or waits on a skipped required question. `picks` drives every decision.
 */
export function playCall(doc: ScriptDocument, picks: readonly number[]): ScriptAnswers {
  const answers: ScriptAnswers = {};
  const sections = new Map(doc.sections.map((section) => [section.id, section]));
  let turn = 0;
  const pick = (): number => picks[turn++ % Math.max(picks.length, 1)] ?? 0;
  for (let round = 0; round < doc.sections.length + 1; round++) {
    const walk = walkScript(doc, answers);
    const current: Section | undefined = sections.get(walk.path.at(-1) ?? '');
    if (walk.ended || walk.errors.length > 0 || !current) break;
    let answeredSomething = false;
    for (const question of current.questions) {
      if (Object.hasOwn(answers, question.id)) continue;
      const decision = pick();
      if (decision % 4 === 0) continue;
      answers[question.id] = question.kind === 'text' ? `text ${decision}` : (question.choices[decision % question.choices.length]?.id ?? '');
      answeredSomething = true;
    }
    if (!answeredSomething) break;
  }
  return answers;
}
