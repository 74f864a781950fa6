import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeScript, formatOutline, outline } from './script.analysis.js';
import type { ScriptAnalysis } from './script.analysis.js';
import { arbitraryScript, callFixture, loopFixture, playCall, scriptFixture } from './script.fixtures.js';
import type { ScriptDocumentInput } from './script.schema.js';
import { walkScript } from './script.walker.js';

const end = (id: string) => ({ id, title: id.toUpperCase(), end: true });
const jump = (id: string, targets: string[], next?: string, required = false) => ({
  id,
  title: id.toUpperCase(),
  questions: [{ id: `q-${id}`, label: '?', kind: 'choice' as const, required, choices: targets.map((goto, i) => ({ id: `c${i}`, label: goto, goto })) }],
  next: next ?? null,
});

describe('analyzeScript', () => {
  it.each<[string, ScriptDocumentInput, Partial<ScriptAnalysis>]>([
    ['the script is sound', callFixture, { unreachableSectionIds: [], loops: [], deadEnds: [] }],
    ['a section is never jumped to', { startSectionId: 'a', sections: [jump('a', ['z']), end('orphan'), end('z')] }, { unreachableSectionIds: ['orphan'] }],
    [
      'a next is hidden behind a required question whose every choice jumps',
      { startSectionId: 'a', sections: [jump('a', ['z', 'y'], 'orphan', true), end('orphan'), end('y'), end('z')] },
      { unreachableSectionIds: ['orphan'], deadEnds: [] },
    ],
    ['a next is kept when the jumping question is optional', { startSectionId: 'a', sections: [jump('a', ['z'], 'n'), end('n'), end('z')] }, { unreachableSectionIds: [] }],
    ['two sections jump to each other (A→B→A)', loopFixture, { loops: [['a', 'b']] }],
    ['a section continues to itself', { startSectionId: 'a', sections: [{ id: 'a', title: 'A', next: 'a' }] }, { loops: [['a']], deadEnds: [] }],
    [
      'two loops share a section',
      { startSectionId: 'a', sections: [jump('a', ['b', 'c']), jump('b', ['a']), jump('c', ['a'])] },
      { loops: [['a', 'b'], ['a', 'c']] },
    ],
    ['a loop is unreachable', { startSectionId: 's', sections: [end('s'), jump('x', ['y']), jump('y', ['x'])] }, { unreachableSectionIds: ['x', 'y'], loops: [['x', 'y']] }],
    ['a section has no next and is not an end', { startSectionId: 'a', sections: [{ id: 'a', title: 'A', next: 'b' }, { id: 'b', title: 'B' }] }, { deadEnds: ['b'] }],
    ['an optional question may not jump', { startSectionId: 'a', sections: [jump('a', ['z']), end('z')] }, { deadEnds: ['a'] }],
    ['an end section has no next', { startSectionId: 'a', sections: [end('a')] }, { unreachableSectionIds: [], loops: [], deadEnds: [] }],
  ])('does warn correctly when %s', (_case, input, expected) => {
    expect(analyzeScript(scriptFixture(input))).toMatchObject(expected);
  });

  it('does never see a walked section as unreachable, nor a walk loop in a loop-free script, when calls are random', () => {
    fc.assert(
      fc.property(arbitraryScript, fc.array(fc.nat(), { maxLength: 30 }), (doc, picks) => {
        const analysis = analyzeScript(doc);
        const walk = walkScript(doc, playCall(doc, picks));
        expect(walk.path.filter((id) => analysis.unreachableSectionIds.includes(id))).toEqual([]);
        if (analysis.loops.length === 0) expect(walk.errors.some((error) => error.code === 'loop')).toBe(false);
        for (const loop of analysis.loops) expect(new Set(loop).size).toBe(loop.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('outline', () => {
  it('does list section → question → choice → target when the editor renders the script', () => {
    const tree = outline(callFixture);
    expect(tree.startSectionId).toBe('intro');
    expect(tree.sections.map((section) => section.sectionId)).toEqual(['intro', 'vote', 'station', 'proxy', 'proxy-details', 'callback', 'thanks']);
    expect(tree.sections[0]).toMatchObject({
      isStart: true,
      isEnd: false,
      reachable: true,
      then: { kind: 'section', sectionId: 'vote', title: 'Vote' },
      thenReachable: true,
      questions: [
        {
          questionId: 'q-talk',
          required: true,
          kind: 'choice',
          choices: [
            { choiceId: 'yes', target: { kind: 'continue' }, actions: [{ type: 'add_tags', tags: ['reached'] }] },
            { choiceId: 'later', target: { kind: 'section', sectionId: 'callback', title: 'Call back' }, actions: [] },
          ],
        },
      ],
    });
    expect(tree.sections[1]).toMatchObject({ then: { kind: 'end' }, thenReachable: false });
    expect(tree.sections[6]).toMatchObject({ isEnd: true, then: { kind: 'end' }, thenReachable: false });
  });

  it('does mark unreachable sections when a section is orphaned', () => {
    const tree = outline(scriptFixture({ startSectionId: 'a', sections: [end('a'), end('orphan')] }));
    expect(tree.sections.map((section) => section.reachable)).toEqual([true, false]);
  });

  it('does print a readable call sheet when formatted as text', () => {
    expect(formatOutline(outline(callFixture)).split('\n').slice(0, 9)).toEqual([
      '▶ intro: Introduction',
      '  ? q-talk* Can you talk?',
      '    - yes: Yes [add_tags]',
      '    - later: Later → callback',
      '  then → vote',
      '■ vote: Vote',
      '  ? q-vote* Will you vote?',
      '    - yes: Yes → station [set_support_level]',
      '    - no: No → proxy [set_support_level]',
    ]);
  });
});
