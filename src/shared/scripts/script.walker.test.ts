import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeScript } from './script.analysis.js';
import { arbitraryScript, callFixture, loopFixture, playCall, scriptFixture } from './script.fixtures.js';
import type { ScriptAnswers } from './script.schema.js';
import { nextSection, walkScript } from './script.walker.js';
import type { WalkError } from './script.walker.js';

const jumpOrder = scriptFixture({
  startSectionId: 's',
  sections: [
    {
      id: 's',
      title: 'S',
      questions: [
        { id: 'q1', label: 'Q1', kind: 'choice', choices: [{ id: 'stay', label: 'Stay' }, { id: 'jump', label: 'Jump', goto: 'x' }] },
        { id: 'q2', label: 'Q2', kind: 'choice', choices: [{ id: 'jump', label: 'Jump', goto: 'y' }] },
      ],
      next: 'z',
    },
    { id: 'x', title: 'X', end: true },
    { id: 'y', title: 'Y', end: true },
    { id: 'z', title: 'Z', end: true },
  ],
});

describe('nextSection', () => {
  it.each<[string, string, ScriptAnswers, string | null]>([
    ['follows next when no choice jumps', 'intro', { 'q-talk': 'yes' }, 'vote'],
    ['follows next when nothing is answered yet', 'intro', {}, 'vote'],
    ['jumps when the chosen choice has a goto', 'intro', { 'q-talk': 'later' }, 'callback'],
    ['jumps per choice (yes)', 'vote', { 'q-vote': 'yes' }, 'station'],
    ['jumps per choice (no)', 'vote', { 'q-vote': 'no' }, 'proxy'],
    ['ends the call when there is no jump and no next', 'vote', {}, null],
    ['ends the call when the section is an end section', 'callback', { 'q-when': 'tomorrow' }, null],
    ['ignores an unknown choice', 'intro', { 'q-talk': 'maybe' }, 'vote'],
    ['ends the call when the section does not exist', 'nowhere', {}, null],
  ])('does what the script says when it %s', (_case, sectionId, answers, expected) => {
    expect(nextSection(callFixture, sectionId, answers)).toBe(expected);
  });

  it.each<[string, ScriptAnswers, string]>([
    ['the first question jumps', { q1: 'jump', q2: 'jump' }, 'x'],
    ['only a later question jumps', { q1: 'stay', q2: 'jump' }, 'y'],
    ['no question jumps', { q1: 'stay' }, 'z'],
  ])('takes the first jump in question order when %s', (_case, answers, expected) => {
    expect(nextSection(jumpOrder, 's', answers)).toBe(expected);
  });
});

type WalkCase = {
  name: string;
  answers: ScriptAnswers;
  path: string[];
  ended: boolean;
  pending?: string[];
  errors?: WalkError[];
};

const walkCases: WalkCase[] = [
  { name: 'nothing is answered yet', answers: {}, path: ['intro'], ended: false, pending: ['q-talk'] },
  { name: 'the first answer moves the call on (linear flow)', answers: { 'q-talk': 'yes' }, path: ['intro', 'vote'], ended: false, pending: ['q-vote'] },
  { name: 'the person will vote (branch yes)', answers: { 'q-talk': 'yes', 'q-vote': 'yes' }, path: ['intro', 'vote', 'station', 'thanks'], ended: true },
  { name: 'the person will not vote (branch no)', answers: { 'q-talk': 'yes', 'q-vote': 'no' }, path: ['intro', 'vote', 'proxy'], ended: false, pending: ['q-proxy'] },
  {
    name: 'a choice without goto falls through to next (default next)',
    answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need' },
    path: ['intro', 'vote', 'proxy', 'proxy-details'],
    ended: false,
    pending: ['q-availability'],
  },
  { name: 'a goto wins over next', answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'offer' }, path: ['intro', 'vote', 'proxy', 'thanks'], ended: true },
  {
    name: 'a required text question is filled in',
    answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': 'evenings' },
    path: ['intro', 'vote', 'proxy', 'proxy-details', 'thanks'],
    ended: true,
  },
  {
    name: 'a required text answer is blank',
    answers: { 'q-talk': 'yes', 'q-vote': 'no', 'q-proxy': 'need', 'q-availability': '   ' },
    path: ['intro', 'vote', 'proxy', 'proxy-details'],
    ended: false,
    pending: ['q-availability'],
  },
  { name: 'a choice leads to an end section', answers: { 'q-talk': 'later' }, path: ['intro', 'callback'], ended: true },
  { name: 'an end section has its optional question answered', answers: { 'q-talk': 'later', 'q-when': 'tomorrow 6pm' }, path: ['intro', 'callback'], ended: true },
  {
    name: 'an optional question is answered on the way',
    answers: { 'q-talk': 'yes', 'q-vote': 'yes', 'q-note': 'busy', 'q-station': 'unknown' },
    path: ['intro', 'vote', 'station', 'thanks'],
    ended: true,
  },
  {
    name: 'a later section is answered while a required question is unanswered',
    answers: { 'q-talk': 'yes', 'q-station': 'knows' },
    path: ['intro', 'vote'],
    ended: false,
    pending: ['q-vote'],
    errors: [{ code: 'required_unanswered', questionId: 'q-vote', sectionId: 'vote' }],
  },
  {
    name: 'the first required question is skipped',
    answers: { 'q-vote': 'yes' },
    path: ['intro'],
    ended: false,
    pending: ['q-talk'],
    errors: [{ code: 'required_unanswered', questionId: 'q-talk', sectionId: 'intro' }],
  },
  {
    name: 'a question off the path is answered',
    answers: { 'q-talk': 'yes', 'q-vote': 'yes', 'q-proxy': 'need' },
    path: ['intro', 'vote', 'station', 'thanks'],
    ended: true,
    errors: [{ code: 'question_not_on_path', questionId: 'q-proxy', sectionId: 'proxy' }],
  },
  {
    name: 'a question of another branch is answered while the call waits',
    answers: { 'q-talk': 'later', 'q-vote': 'yes' },
    path: ['intro', 'callback'],
    ended: true,
    errors: [{ code: 'question_not_on_path', questionId: 'q-vote', sectionId: 'vote' }],
  },
  {
    name: 'the answer names an unknown question',
    answers: { 'q-talk': 'yes', 'q-nope': 'x' },
    path: ['intro', 'vote'],
    ended: false,
    pending: ['q-vote'],
    errors: [{ code: 'unknown_question', questionId: 'q-nope' }],
  },
  {
    name: 'the answer names an inherited property',
    answers: JSON.parse('{"q-talk": "yes", "constructor": "x"}') as ScriptAnswers,
    path: ['intro', 'vote'],
    ended: false,
    pending: ['q-vote'],
    errors: [{ code: 'unknown_question', questionId: 'constructor' }],
  },
  {
    name: 'a required question has an unknown choice',
    answers: { 'q-talk': 'maybe' },
    path: ['intro'],
    ended: false,
    pending: ['q-talk'],
    errors: [{ code: 'unknown_choice', questionId: 'q-talk', sectionId: 'intro', choiceId: 'maybe' }],
  },
  {
    name: 'an optional question has an unknown choice',
    answers: { 'q-talk': 'yes', 'q-vote': 'yes', 'q-station': 'dunno' },
    path: ['intro', 'vote', 'station', 'thanks'],
    ended: true,
    errors: [{ code: 'unknown_choice', questionId: 'q-station', sectionId: 'station', choiceId: 'dunno' }],
  },
];

describe('walkScript', () => {
  it.each(walkCases)('does follow the script when $name', ({ answers, path, ended, pending = [], errors = [] }) => {
    const walk = walkScript(callFixture, answers);
    expect(walk).toMatchObject({ path, ended, pendingQuestionIds: pending });
    expect(walk.errors).toEqual(errors);
  });

  it.each<[string, ScriptAnswers, string[], WalkError]>([
    ['a default next goes back (A→B→A)', { 'q-a': 'go', 'q-b': 'stay' }, ['a', 'b'], { code: 'loop', sectionId: 'a' }],
    ['a choice jumps back (A→B→A)', { 'q-a': 'go', 'q-b': 'back' }, ['a', 'b'], { code: 'loop', sectionId: 'a', questionId: 'q-b', choiceId: 'back' }],
  ])('does stop and report a loop when %s', (_case, answers, path, error) => {
    const walk = walkScript(loopFixture, answers);
    expect(walk.path).toEqual(path);
    expect(walk.ended).toBe(false);
    expect(walk.errors).toEqual([error]);
  });

  it('does stop on a section that jumps to itself when its next is itself', () => {
    const doc = scriptFixture({ startSectionId: 'a', sections: [{ id: 'a', title: 'A', next: 'a' }] });
    expect(walkScript(doc, {})).toMatchObject({ path: ['a'], ended: false, errors: [{ code: 'loop', sectionId: 'a' }] });
  });

  it('does collect the actions of the chosen choices in script order when the call ends', () => {
    const walk = walkScript(callFixture, { 'q-availability': 'evenings', 'q-proxy': 'need', 'q-vote': 'no', 'q-talk': 'yes' });
    expect(walk.actions).toEqual([
      { sectionId: 'intro', questionId: 'q-talk', choiceId: 'yes', action: { type: 'add_tags', tags: ['reached'] } },
      { sectionId: 'vote', questionId: 'q-vote', choiceId: 'no', action: { type: 'set_support_level', level: 3 } },
      { sectionId: 'proxy', questionId: 'q-proxy', choiceId: 'need', action: { type: 'proxy_need' } },
    ]);
  });

  it('does not collect actions of answers off the path when a branch was abandoned', () => {
    const walk = walkScript(callFixture, { 'q-talk': 'yes', 'q-vote': 'yes', 'q-proxy': 'offer' });
    expect(walk.actions.map((collected) => collected.action.type)).toEqual(['add_tags', 'set_support_level']);
  });

  it('does report an unknown section instead of throwing when the document was never validated', () => {
    const broken = { startSectionId: 'missing', sections: [] };
    expect(walkScript(broken, {})).toEqual({ path: [], ended: false, pendingQuestionIds: [], actions: [], errors: [{ code: 'unknown_section', sectionId: 'missing' }] });
  });

  it('does never throw and never repeat a section when answers are played among the offered choices', () => {
    fc.assert(
      fc.property(arbitraryScript, fc.array(fc.nat(), { maxLength: 30 }), (doc, picks) => {
        const walk = walkScript(doc, playCall(doc, picks));
        expect(walk.path[0]).toBe(doc.startSectionId);
        expect(new Set(walk.path).size).toBe(walk.path.length);
        expect(walk.errors.every((error) => error.code === 'loop')).toBe(true);
        if (analyzeScript(doc).loops.length === 0) expect(walk.errors).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('does never throw when answers are arbitrary', () => {
    const answerKeys = fc.oneof(fc.constantFrom('s0q0', 's1q0', 's1q1', 's2q2', '__proto__', 'constructor', 'toString'), fc.string());
    const answers = fc.dictionary(answerKeys, fc.oneof(fc.constantFrom('c0', 'c1', 'c2', '', ' '), fc.string()));
    fc.assert(
      fc.property(arbitraryScript, answers, (doc, given) => {
        const walk = walkScript(doc, given);
        expect(walk.path[0]).toBe(doc.startSectionId);
        expect(new Set(walk.path).size).toBe(walk.path.length);
        expect(walk.ended && walk.pendingQuestionIds.length > 0).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
