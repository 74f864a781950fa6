import type { Action, Choice, Question, ScriptAnswers, ScriptDocument, Section } from './script.schema.js';

/**
 * Why a call's answers do not fit the script. The server rejects a saved call with any of these;
 * the caller's screen uses them to point at the answer to fix.
 * - `unknown_question`: an answer names a question the script does not have;
 * - `unknown_choice`: a choice question was answered with a choice it does not offer;
 * - `question_not_on_path`: a question exists, but the answers never lead to its section;
 * - `required_unanswered`: the call went past a section whose required question has no answer;
 * - `loop`: a jump leads back to a section already visited during this call;
 * - `unknown_section`: the document points at a section it does not contain (unvalidated input).
 */
export type WalkErrorCode =
  | 'unknown_question'
  | 'unknown_choice'
  | 'question_not_on_path'
  | 'required_unanswered'
  | 'loop'
  | 'unknown_section';

/** One coded problem found while replaying a call; ids say where. */
export interface WalkError {
  code: WalkErrorCode;
  questionId?: string;
  sectionId?: string;
  choiceId?: string;
}

/** An action the call triggers, with the click that triggered it (for the contact history). */
export interface CollectedAction {
  sectionId: string;
  questionId: string;
  choiceId: string;
  action: Action;
}

/**
 * The replay of one call: the sections the caller goes through, whether the call reached its end,
 * the required questions still waiting for an answer where the call stands, the actions to apply
 * (in script order) and the coded errors.
 */
export interface WalkResult {
  path: string[];
  ended: boolean;
  pendingQuestionIds: string[];
  actions: CollectedAction[];
  errors: WalkError[];
}

interface Jump {
  to: string | null;
  questionId?: string;
  choiceId?: string;
}

/**
 * Which section the caller lands on after `currentSectionId`, given the answers so far: the first
 * chosen choice that jumps (questions in order) wins, else the section's `next`; null ends the call
 * (also for an `end` section or an unknown section id).
 *
 * @example nextSection(exampleScripts.gotvProxy.fr, 'will-vote', { 'q-will-vote': 'away' }) // → 'proxy-ask'
 */
export function nextSection(doc: ScriptDocument, currentSectionId: string, answers: ScriptAnswers): string | null {
  const section = doc.sections.find((candidate) => candidate.id === currentSectionId);
  return section ? resolveJump(section, answers).to : null;
}

/**
 * Replays a whole call from the start section with the recorded answers: the one rule shared by the
 * caller's screen (where am I, what must I still ask) and the server (are these answers allowed).
 * Never throws; a jump back to a visited section stops the walk with a `loop` error.
 *
 * @example
 * walkScript(exampleScripts.gotvProxy.fr, { 'q-available': 'yes', 'q-will-vote': 'away', 'q-proxy': 'no' }).path
 * // → ['intro', 'will-vote', 'proxy-ask', 'thanks']
 */
export function walkScript(doc: ScriptDocument, answers: ScriptAnswers): WalkResult {
  const sections = new Map(doc.sections.map((section) => [section.id, section]));
  const path: string[] = [];
  const onPath = new Set<string>();
  const actions: CollectedAction[] = [];
  const errors: WalkError[] = [];
  let pendingQuestionIds: string[] = [];
  let ended = false;
  let blockedAt: Section | undefined;

  let currentId: string | null = doc.startSectionId;
  while (currentId !== null) {
    const section = sections.get(currentId);
    if (!section) {
      errors.push({ code: 'unknown_section', sectionId: currentId });
      break;
    }
    path.push(section.id);
    onPath.add(section.id);
    pendingQuestionIds = recordSection(section, answers, actions, errors);
    if (pendingQuestionIds.length > 0) {
      blockedAt = section;
      break;
    }
    const jump = resolveJump(section, answers);
    if (jump.to === null) {
      ended = true;
      break;
    }
    if (onPath.has(jump.to)) {
      errors.push(withIds({ code: 'loop', sectionId: jump.to }, jump));
      break;
    }
    currentId = jump.to;
  }

  const beyondBlock = blockedAt ? sectionsBeyond(blockedAt, sections, onPath) : new Set<string>();
  errors.push(...offPathErrors(doc, answers, onPath, beyondBlock, blockedAt, pendingQuestionIds));
  return { path, ended, pendingQuestionIds, actions, errors };
}

/** Reads one answer defensively: own string properties only; a blank answer counts as no answer. */
function readAnswer(answers: ScriptAnswers, questionId: string): string | undefined {
  if (!Object.hasOwn(answers, questionId)) return undefined;
  const value: unknown = answers[questionId];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function chosenChoice(question: Question, answers: ScriptAnswers): Choice | undefined {
  if (question.kind !== 'choice') return undefined;
  const answer = readAnswer(answers, question.id);
  return answer === undefined ? undefined : question.choices.find((choice) => choice.id === answer);
}

function resolveJump(section: Section, answers: ScriptAnswers): Jump {
  if (section.end === true) return { to: null };
  for (const question of section.questions) {
    const choice = chosenChoice(question, answers);
    if (choice?.goto != null) return { to: choice.goto, questionId: question.id, choiceId: choice.id };
  }
  return { to: section.next ?? null };
}

/** Collects the section's actions and choice errors; returns its required questions left unanswered. */
function recordSection(section: Section, answers: ScriptAnswers, actions: CollectedAction[], errors: WalkError[]): string[] {
  const pending: string[] = [];
  for (const question of section.questions) {
    const answer = readAnswer(answers, question.id);
    const choice = chosenChoice(question, answers);
    if (question.kind === 'choice' && answer !== undefined && !choice) {
      errors.push({ code: 'unknown_choice', sectionId: section.id, questionId: question.id, choiceId: answer });
    }
    if (choice) {
      for (const action of choice.actions) {
        actions.push({ sectionId: section.id, questionId: question.id, choiceId: choice.id, action });
      }
    }
    const answered = question.kind === 'choice' ? choice !== undefined : answer !== undefined;
    if (question.required && !answered) pending.push(question.id);
  }
  return pending;
}

/**
 * Sections the script could lead to from a blocked section, whatever the answers: an answer there
 * means the caller moved on without answering the blocking required question.
 */
function sectionsBeyond(blockedAt: Section, sections: Map<string, Section>, onPath: Set<string>): Set<string> {
  const beyond = new Set<string>();
  const queue: Section[] = [blockedAt];
  for (let section = queue.shift(); section; section = queue.shift()) {
    if (section.end === true) continue;
    const targets = section.questions.flatMap((question) => question.choices.map((choice) => choice.goto));
    for (const target of [...targets, section.next]) {
      if (target == null || onPath.has(target) || beyond.has(target)) continue;
      beyond.add(target);
      const next = sections.get(target);
      if (next) queue.push(next);
    }
  }
  return beyond;
}

function offPathErrors(
  doc: ScriptDocument,
  answers: ScriptAnswers,
  onPath: Set<string>,
  beyondBlock: Set<string>,
  blockedAt: Section | undefined,
  pendingQuestionIds: string[],
): WalkError[] {
  const questionSection = new Map<string, string>();
  for (const section of doc.sections) {
    for (const question of section.questions) questionSection.set(question.id, section.id);
  }
  const errors: WalkError[] = [];
  let skippedRequired = false;
  for (const questionId of Object.keys(answers)) {
    if (readAnswer(answers, questionId) === undefined) continue;
    const sectionId = questionSection.get(questionId);
    if (sectionId === undefined) errors.push({ code: 'unknown_question', questionId });
    else if (beyondBlock.has(sectionId)) skippedRequired = true;
    else if (!onPath.has(sectionId)) errors.push({ code: 'question_not_on_path', questionId, sectionId });
  }
  if (skippedRequired && blockedAt) {
    for (const questionId of pendingQuestionIds) {
      errors.push({ code: 'required_unanswered', questionId, sectionId: blockedAt.id });
    }
  }
  return errors;
}

function withIds(error: WalkError, jump: Jump): WalkError {
  if (jump.questionId !== undefined) error.questionId = jump.questionId;
  if (jump.choiceId !== undefined) error.choiceId = jump.choiceId;
  return error;
}
