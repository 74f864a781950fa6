import { describe, expect, it } from 'vitest';
import { exampleScripts } from './examples.js';
import { gotvProxyScript } from './examples/gotv-proxy.js';
import { persuasionScript } from './examples/persuasion.js';
import { findMergeFields } from './merge-fields.js';
import { analyzeScript } from './script.analysis.js';
import { ScriptDocumentSchema } from './script.schema.js';
import type { ActionType, ScriptAnswers, ScriptDocument } from './script.schema.js';
import { walkScript } from './script.walker.js';

const documents = Object.entries(exampleScripts).flatMap(([name, byLocale]) =>
  Object.entries(byLocale).map(([locale, doc]) => ({ label: `${name}.${locale}`, doc })),
);

function texts(doc: ScriptDocument): string[] {
  return doc.sections.flatMap((section) => [
    section.title,
    section.body,
    ...section.talkingPoints,
    ...section.faq.flatMap((entry) => [entry.question, entry.answer]),
    ...section.questions.flatMap((question) => [question.label, ...question.choices.map((choice) => choice.label)]),
  ]);
}

/** The ids of a script with every text removed: the French and English versions must match. */
function skeleton(doc: ScriptDocument): unknown {
  return doc.sections.map((section) => ({
    id: section.id,
    next: section.next,
    end: section.end,
    questions: section.questions.map((question) => ({ ...question, label: '', choices: question.choices.map((choice) => ({ ...choice, label: '' })) })),
  }));
}

describe('example scripts', () => {
  it('does hold four documents when exported', () => {
    expect(documents.map((entry) => entry.label)).toEqual(['gotvProxy.fr', 'gotvProxy.en', 'persuasion.fr', 'persuasion.en']);
  });

  it.each([
    ['gotvProxy.fr', gotvProxyScript('fr')],
    ['gotvProxy.en', gotvProxyScript('en')],
    ['persuasion.fr', persuasionScript('fr')],
    ['persuasion.en', persuasionScript('en')],
  ])('does pass the schema when %s is parsed', (_label, input) => {
    expect(ScriptDocumentSchema.safeParse(input).error?.issues ?? []).toEqual([]);
  });

  it.each(documents)('does have no unreachable section, loop or dead end when $label is analysed', ({ doc }) => {
    expect(analyzeScript(doc)).toEqual({ unreachableSectionIds: [], loops: [], deadEnds: [] });
  });

  it.each(documents)('does use only known merge fields when $label is rendered', ({ doc }) => {
    expect(texts(doc).flatMap((text) => findMergeFields(text).unknown)).toEqual([]);
  });

  it.each([['gotvProxy' as const], ['persuasion' as const]])('does share every id between languages when %s is translated', (name) => {
    expect(skeleton(exampleScripts[name].en)).toEqual(skeleton(exampleScripts[name].fr));
    expect(texts(exampleScripts[name].en)).not.toEqual(texts(exampleScripts[name].fr));
  });

  it.each<[string, ScriptDocument, ScriptAnswers, string, ActionType[]]>([
    ['the person will vote and can carry a proxy', exampleScripts.gotvProxy.fr, { 'q-available': 'yes', 'q-will-vote': 'yes', 'q-knows-station': 'no', 'q-carry-proxy': 'yes' }, 'thanks', ['path_move', 'add_tags', 'proxy_offer']],
    ['the person will be away and needs a proxy', exampleScripts.gotvProxy.en, { 'q-available': 'yes', 'q-will-vote': 'away', 'q-proxy': 'needs', 'q-proxy-availability': 'evenings' }, 'thanks', ['proxy_need']],
    ['the person asks never to be called again', exampleScripts.gotvProxy.fr, { 'q-available': 'do-not-call' }, 'goodbye-do-not-call', ['do_not_call', 'path_move']],
    ['the person is convinced and joins an action', exampleScripts.persuasion.fr, { 'q-available': 'yes', 'q-intention': 'convinced', 'q-join': 'event' }, 'thanks', ['set_support_level', 'path_move', 'volunteer_interest']],
    ['the person hesitates and wants the programme', exampleScripts.persuasion.en, { 'q-available': 'yes', 'q-intention': 'hesitant', 'q-priority': 'schools', 'q-programme': 'yes', 'q-leaning': 'towards-us' }, 'thanks', ['set_support_level', 'path_move', 'add_tags', 'set_support_level']],
    ['the person votes for another list and leaves an e-mail', exampleScripts.persuasion.fr, { 'q-available': 'yes', 'q-intention': 'other-list', 'q-stay-informed': 'yes', 'q-email': 'camille@example.org' }, 'thanks', ['set_support_level', 'path_move', 'add_tags']],
    ['the person will not vote', exampleScripts.persuasion.en, { 'q-available': 'yes', 'q-intention': 'wont-vote', 'q-stay-informed': 'no' }, 'thanks', ['add_tags', 'path_move']],
    ['the person asks never to be called again', exampleScripts.persuasion.en, { 'q-available': 'do-not-call' }, 'goodbye-do-not-call', ['do_not_call', 'path_move']],
  ])('does end the call with its actions when %s', (_case, doc, answers, last, actionTypes) => {
    const walk = walkScript(doc, answers);
    expect(walk.errors).toEqual([]);
    expect(walk.ended).toBe(true);
    expect(walk.path.at(-1)).toBe(last);
    expect(walk.actions.map((collected) => collected.action.type)).toEqual(actionTypes);
  });
});
