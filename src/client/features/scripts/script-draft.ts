import type { Choice, Question, ScriptDocument, Section } from '../../../shared/scripts/script.schema.js';

/** A fresh id for a new section, question or choice, unique in the script. */
export function freshId(doc: ScriptDocument, prefix: string): string {
  const used = new Set<string>();
  for (const section of doc.sections) {
    used.add(section.id);
    for (const question of section.questions) {
      used.add(question.id);
      for (const choice of question.choices) used.add(choice.id);
    }
  }
  for (let n = doc.sections.length + 1; ; n++) {
    const id = `${prefix}-${n}`;
    if (!used.has(id)) return id;
  }
}

export function newSection(doc: ScriptDocument, title: string): Section {
  return { id: freshId(doc, 'section'), title, body: '', talkingPoints: [], faq: [], questions: [] };
}

export function newQuestion(doc: ScriptDocument, label: string): Question {
  return { id: freshId(doc, 'q'), label, kind: 'choice', required: false, choices: [newChoice(doc, 'Oui', 'yes'), newChoice(doc, 'Non', 'no')] };
}

export function newChoice(doc: ScriptDocument, label: string, prefix = 'choice'): Choice {
  return { id: freshId(doc, prefix), label, goto: null, actions: [] };
}

/** The document with one section replaced (by index). */
export function withSection(doc: ScriptDocument, index: number, section: Section): ScriptDocument {
  return { ...doc, sections: doc.sections.map((s, i) => (i === index ? section : s)) };
}

/**
 * Removes a section and every jump that pointed at it, so the draft stays valid; the start moves to
 * the first remaining section when the start is removed.
 */
export function withoutSection(doc: ScriptDocument, index: number): ScriptDocument {
  const removed = doc.sections[index];
  if (!removed || doc.sections.length === 1) return doc;
  const sections = doc.sections
    .filter((_, i) => i !== index)
    .map((section) => ({
      ...section,
      next: section.next === removed.id ? null : section.next,
      questions: section.questions.map((q) => ({ ...q, choices: q.choices.map((c) => (c.goto === removed.id ? { ...c, goto: null } : c)) })),
    }));
  const startSectionId = doc.startSectionId === removed.id ? (sections[0]?.id ?? doc.startSectionId) : doc.startSectionId;
  return { startSectionId, sections };
}

/** Moves a section up or down in the author's order. */
export function moveSection(doc: ScriptDocument, index: number, delta: -1 | 1): ScriptDocument {
  const target = index + delta;
  if (target < 0 || target >= doc.sections.length) return doc;
  const sections = [...doc.sections];
  const [moved] = sections.splice(index, 1);
  if (moved) sections.splice(target, 0, moved);
  return { ...doc, sections };
}
