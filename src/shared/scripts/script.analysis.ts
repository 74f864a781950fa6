import type { Action, QuestionKind, ScriptDocument, Section } from './script.schema.js';

/**
 * The editor's warnings about a script's shape:
 * - `unreachableSectionIds`: sections no answers can lead to, so no caller will ever read them;
 * - `loops`: cycles of jumps (each listed from the section the cycle re-enters), which would stop
 *   a call with a `loop` error;
 * - `deadEnds`: sections not marked as an end where the call can nevertheless stop, usually a
 *   forgotten `next`.
 */
export interface ScriptAnalysis {
  unreachableSectionIds: string[];
  loops: string[][];
  deadEnds: string[];
}

/**
 * Finds what an organizer should fix before launching a call campaign with this script.
 * Loops are the cycles closed by each backward jump of a depth-first walk (start section first,
 * then the others in document order): every loop in the script shows up in at least one of them.
 *
 * @example analyzeScript(doc).unreachableSectionIds // → ['old-intro']
 */
export function analyzeScript(doc: ScriptDocument): ScriptAnalysis {
  const sections = new Map(doc.sections.map((section) => [section.id, section]));
  const edges = new Map(doc.sections.map((section) => [section.id, jumpTargets(section).filter((id) => sections.has(id))]));

  const reached = new Set<string>();
  const queue = sections.has(doc.startSectionId) ? [doc.startSectionId] : [];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(edges.get(id) ?? []));
  }

  return {
    unreachableSectionIds: doc.sections.filter((section) => !reached.has(section.id)).map((section) => section.id),
    loops: findLoops(doc, edges),
    deadEnds: doc.sections
      .filter((section) => section.end !== true && section.next == null && defaultIsReachable(section))
      .map((section) => section.id),
  };
}

/** Where a choice or a section leads, as the editor shows it. */
export type OutlineTarget =
  | { kind: 'section'; sectionId: string; title: string }
  /** The choice does not jump: the section's own continuation applies. */
  | { kind: 'continue' }
  /** The call ends here. */
  | { kind: 'end' };

/** One choice in the outline, with its target and the actions it triggers. */
export interface OutlineChoice {
  choiceId: string;
  label: string;
  target: OutlineTarget;
  actions: Action[];
}

/** One question in the outline. */
export interface OutlineQuestion {
  questionId: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  choices: OutlineChoice[];
}

/**
 * One section in the outline, with its questions and its default continuation (`then`);
 * `thenReachable` is false when the section ends the call or every answer jumps elsewhere.
 */
export interface OutlineSection {
  sectionId: string;
  title: string;
  isStart: boolean;
  isEnd: boolean;
  reachable: boolean;
  questions: OutlineQuestion[];
  then: OutlineTarget;
  thenReachable: boolean;
}

/** The script as a tree the editor (or a printed call sheet) can render: section → question → choice → target. */
export interface ScriptOutline {
  startSectionId: string;
  sections: OutlineSection[];
}

/**
 * Builds the readable tree of a script, sections in the author's order.
 *
 * @example outline(doc).sections[0]?.questions[0]?.choices.map((c) => c.target)
 */
export function outline(doc: ScriptDocument): ScriptOutline {
  const titles = new Map(doc.sections.map((section) => [section.id, section.title]));
  const unreachable = new Set(analyzeScript(doc).unreachableSectionIds);
  const toSection = (sectionId: string): OutlineTarget => ({ kind: 'section', sectionId, title: titles.get(sectionId) ?? sectionId });
  return {
    startSectionId: doc.startSectionId,
    sections: doc.sections.map((section) => ({
      sectionId: section.id,
      title: section.title,
      isStart: section.id === doc.startSectionId,
      isEnd: section.end === true,
      reachable: !unreachable.has(section.id),
      questions: section.questions.map((question) => ({
        questionId: question.id,
        label: question.label,
        kind: question.kind,
        required: question.required,
        choices: question.choices.map((choice) => ({
          choiceId: choice.id,
          label: choice.label,
          target: choice.goto != null ? toSection(choice.goto) : { kind: 'continue' },
          actions: choice.actions,
        })),
      })),
      then: section.end !== true && section.next != null ? toSection(section.next) : { kind: 'end' },
      thenReachable: defaultIsReachable(section),
    })),
  };
}

/**
 * Renders an outline as indented plain text, for a printable call sheet or a quick review.
 *
 * @example formatOutline(outline(doc)) // → '▶ intro: Introduction\n  ? q-available* Do you have a minute?\n …'
 */
export function formatOutline(tree: ScriptOutline): string {
  const describe = (target: OutlineTarget): string =>
    target.kind === 'section' ? `→ ${target.sectionId}` : target.kind === 'end' ? '→ (end)' : '';
  const lines: string[] = [];
  for (const section of tree.sections) {
    const marker = section.isStart ? '▶' : section.reachable ? '■' : '✗';
    lines.push(`${marker} ${section.sectionId}: ${section.title}${section.isEnd ? ' (end)' : ''}`);
    for (const question of section.questions) {
      lines.push(`  ? ${question.questionId}${question.required ? '*' : ''} ${question.label}${question.kind === 'text' ? ' [text]' : ''}`);
      for (const choice of question.choices) {
        const actions = choice.actions.length > 0 ? ` [${choice.actions.map((action) => action.type).join(', ')}]` : '';
        lines.push(`    - ${choice.choiceId}: ${[choice.label, describe(choice.target)].join(' ').trimEnd()}${actions}`);
      }
    }
    if (section.thenReachable) lines.push(`  then ${describe(section.then)}`);
  }
  return lines.join('\n');
}

/**
 * Whether the section's `next` can be taken: not when a required choice question jumps from every
 * one of its choices, since one of those jumps always wins.
 */
function defaultIsReachable(section: Section): boolean {
  if (section.end === true) return false;
  return !section.questions.some(
    (question) =>
      question.kind === 'choice' && question.required && question.choices.length > 0 && question.choices.every((choice) => choice.goto != null),
  );
}

/** Sections reachable in one step from this one, in question and choice order, then `next`. */
function jumpTargets(section: Section): string[] {
  if (section.end === true) return [];
  const targets: string[] = [];
  for (const question of section.questions) {
    for (const choice of question.choices) if (choice.goto != null) targets.push(choice.goto);
  }
  if (section.next != null && defaultIsReachable(section)) targets.push(section.next);
  return [...new Set(targets)];
}

function findLoops(doc: ScriptDocument, edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const loops: string[][] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const target of edges.get(id) ?? []) {
      const targetState = state.get(target);
      if (targetState === 'open') loops.push(stack.slice(stack.indexOf(target)));
      else if (targetState === undefined) visit(target);
    }
    stack.pop();
    state.set(id, 'done');
  };
  const roots = [doc.startSectionId, ...doc.sections.map((section) => section.id)];
  for (const id of roots) if (edges.has(id) && !state.has(id)) visit(id);
  return loops;
}
