import { describe, expect, it } from 'vitest';
import { ScriptAnswersSchema, ScriptDocumentSchema } from './script.schema.js';
import type { ScriptDocumentInput } from './script.schema.js';

type Sections = ScriptDocumentInput['sections'];

/** A valid three-section script; each case below breaks one thing in a copy of it. */
function validInput(): ScriptDocumentInput {
  return {
    startSectionId: 'intro',
    sections: [
      {
        id: 'intro',
        title: 'Intro',
        body: 'Bonjour {{person.firstName}}',
        questions: [
          {
            id: 'q-vote',
            label: 'Will you vote?',
            kind: 'choice',
            required: true,
            choices: [
              { id: 'yes', label: 'Yes', goto: 'thanks', actions: [{ type: 'set_support_level', level: 1 }] },
              { id: 'no', label: 'No', goto: null },
            ],
          },
        ],
        next: 'proxy',
      },
      { id: 'proxy', title: 'Proxy', questions: [{ id: 'q-when', label: 'When?', kind: 'text' }], next: 'thanks' },
      {
        id: 'thanks',
        title: 'Thanks',
        questions: [{ id: 'q-flyer', label: 'Flyer?', kind: 'choice', choices: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }],
        end: true,
      },
    ],
  };
}

function broken(change: (sections: Sections, doc: ScriptDocumentInput) => void): ScriptDocumentInput {
  const doc = structuredClone(validInput());
  change(doc.sections, doc);
  return doc;
}

function at<T>(items: readonly T[] | undefined, index: number): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`fixture has no item ${index}`);
  return item;
}

describe('ScriptDocumentSchema', () => {
  it('does accept a script and apply defaults when optional fields are left out', () => {
    const doc = ScriptDocumentSchema.parse(validInput());
    const proxy = at(doc.sections, 1);
    expect(proxy).toMatchObject({ body: '', talkingPoints: [], faq: [] });
    expect(at(proxy.questions, 0)).toMatchObject({ required: false, choices: [] });
    expect(at(at(at(doc.sections, 0).questions, 0).choices, 1)).toEqual({ id: 'no', label: 'No', goto: null, actions: [] });
  });

  it.each<[string, ScriptDocumentInput, string, string]>([
    ['the start section does not exist', broken((_, doc) => (doc.startSectionId = 'nope')), 'startSectionId', 'does not exist'],
    ['two sections share an id', broken((s) => (at(s, 1).id = 'intro')), 'sections.1.id', 'Duplicate section id'],
    ['two questions in different sections share an id', broken((s) => (at(at(s, 1).questions, 0).id = 'q-vote')), 'sections.1.questions.0.id', 'Duplicate question id'],
    ['two choices of a question share an id', broken((s) => (at(at(at(s, 0).questions, 0).choices, 1).id = 'yes')), 'sections.0.questions.0.choices.1.id', 'Duplicate choice id'],
    ['a choice jumps to an unknown section', broken((s) => (at(at(at(s, 2).questions, 0).choices, 1).goto = 'nowhere')), 'sections.2.questions.0.choices.1.goto', 'does not exist'],
    ['a next points to an unknown section', broken((s) => (at(s, 0).next = 'nowhere')), 'sections.0.next', 'does not exist'],
    ['an end section has a next', broken((s) => (at(s, 2).next = 'intro')), 'sections.2.next', 'end section'],
    ['a choice of an end section jumps', broken((s) => (at(at(at(s, 2).questions, 0).choices, 0).goto = 'intro')), 'sections.2.questions.0.choices.0.goto', 'end section'],
    ['a choice question has no choices', broken((s) => (at(at(s, 2).questions, 0).choices = [])), 'sections.2.questions.0.choices', 'at least one choice'],
    ['a text question has choices', broken((s) => (at(at(s, 1).questions, 0).choices = [{ id: 'a', label: 'A' }])), 'sections.1.questions.0.choices', 'cannot have choices'],
    ['an id has spaces', broken((s) => (at(s, 1).id = 'my section')), 'sections.1.id', 'letters, digits'],
    ['an id could pollute prototypes', broken((s) => (at(at(s, 1).questions, 0).id = '__proto__')), 'sections.1.questions.0.id', 'letters, digits'],
    ['a support level is out of range', broken((s) => (at(at(at(s, 0).questions, 0).choices, 0).actions = [{ type: 'set_support_level', level: 6 as 1 }])), 'sections.0.questions.0.choices.0.actions.0.level', ''],
    [
      'a path move both completes and abandons',
      broken((s) => (at(at(at(s, 0).questions, 0).choices, 0).actions = [{ type: 'path_move', pathId: 'p', complete: { reasonId: 'a' }, abandon: { reasonId: 'b' } }])),
      'sections.0.questions.0.choices.0.actions.0.abandon',
      'not both',
    ],
    ['tags are empty', broken((s) => (at(at(at(s, 0).questions, 0).choices, 0).actions = [{ type: 'add_tags', tags: [] }])), 'sections.0.questions.0.choices.0.actions.0.tags', ''],
    ['an action type is unknown', broken((s) => (at(at(at(s, 0).questions, 0).choices, 0).actions = [{ type: 'send_sms' } as never])), 'sections.0.questions.0.choices.0.actions.0.type', ''],
    ['there are no sections', broken((_, doc) => (doc.sections = [])), 'sections', ''],
  ])('does reject the script when %s', (_case, input, path, message) => {
    const result = ScriptDocumentSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === path);
    expect(issue, JSON.stringify(result.error?.issues)).toBeDefined();
    expect(issue?.message).toContain(message);
  });

  it('does report every broken reference at once when several jumps are wrong', () => {
    const input = broken((s, doc) => {
      doc.startSectionId = 'nope';
      at(s, 0).next = 'gone';
      at(at(at(s, 0).questions, 0).choices, 0).goto = 'lost';
    });
    const paths = ScriptDocumentSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['startSectionId', 'sections.0.next', 'sections.0.questions.0.choices.0.goto']);
  });
});

describe('ScriptAnswersSchema', () => {
  it.each<[string, unknown, boolean]>([
    ['choice ids and text are given', { 'q-vote': 'yes', 'q-when': 'tomorrow at 6' }, true],
    ['nothing is answered', {}, true],
    ['a key is not an id', { 'q vote': 'yes' }, false],
    ['a value is not a string', { 'q-vote': 1 }, false],
    ['a text is too long', { 'q-when': 'x'.repeat(2001) }, false],
  ])('does validate answers when %s', (_case, answers, ok) => {
    expect(ScriptAnswersSchema.safeParse(answers).success).toBe(ok);
  });

  it('does drop a __proto__ key when answers come from JSON', () => {
    const parsed = ScriptAnswersSchema.parse(JSON.parse('{"__proto__": "x", "q-vote": "yes"}'));
    expect(Object.keys(parsed)).toEqual(['q-vote']);
  });
});
