import { z } from 'zod';

/**
 * Size limits of a call script: generous for any real campaign script, small enough that the
 * server can re-validate the whole document on every saved call without thinking about it.
 */
export const SCRIPT_LIMITS = {
  idLength: 64,
  sections: 200,
  questionsPerSection: 30,
  choicesPerQuestion: 20,
  actionsPerChoice: 10,
  answerLength: 2000,
} as const;

/**
 * An id inside a script (section, question or choice). Restricted to letters, digits, `-` and `_`
 * so ids are safe as object keys, in URLs, in CSV exports and in metrics funnels.
 */
export const ScriptIdSchema = z
  .string()
  .max(SCRIPT_LIMITS.idLength)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'Use letters, digits, "-" or "_" (starting with a letter or digit)');

/** Support level on the scale campaign tools share: 1 strong support … 5 strong opposition. */
export const SupportLevelSchema = z.literal([1, 2, 3, 4, 5]);
export type SupportLevel = z.infer<typeof SupportLevelSchema>;

const TagListSchema = z.array(z.string().trim().min(1).max(100)).min(1).max(20);
const ReasonRefSchema = z.object({ reasonId: z.string().trim().min(1).max(100) });

/**
 * What picking a choice does to the person's record once the call is saved: change their support
 * level, tag them, move them along a path, or flag them for volunteering, proxies or do-not-call.
 */
export const ActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('set_support_level'), level: SupportLevelSchema }),
  z.object({ type: z.literal('add_tags'), tags: TagListSchema }),
  z.object({ type: z.literal('remove_tags'), tags: TagListSchema }),
  z
    .object({
      type: z.literal('path_move'),
      pathId: z.string().trim().min(1).max(100),
      stepId: z.string().trim().min(1).max(100).optional(),
      complete: ReasonRefSchema.optional(),
      abandon: ReasonRefSchema.optional(),
    })
    .refine((action) => !(action.complete && action.abandon), {
      message: 'A path move either completes or abandons the path, not both',
      path: ['abandon'],
    }),
  z.object({ type: z.literal('volunteer_interest') }),
  z.object({ type: z.literal('proxy_need') }),
  z.object({ type: z.literal('proxy_offer') }),
  z.object({ type: z.literal('do_not_call') }),
]);
export type Action = z.infer<typeof ActionSchema>;
/** The kinds of action a choice can carry, for the editor's action picker. */
export type ActionType = Action['type'];
/** Every action type, in the order the editor lists them. */
export const ACTION_TYPES = [
  'set_support_level',
  'add_tags',
  'remove_tags',
  'path_move',
  'volunteer_interest',
  'proxy_need',
  'proxy_offer',
  'do_not_call',
] as const satisfies readonly ActionType[];

/**
 * One button the caller can click for a question. `goto` jumps to another section; absent or
 * null means "no jump": the section's default continuation applies.
 */
export const ChoiceSchema = z.object({
  id: ScriptIdSchema,
  label: z.string().trim().min(1).max(200),
  goto: ScriptIdSchema.nullable().optional(),
  actions: z.array(ActionSchema).max(SCRIPT_LIMITS.actionsPerChoice).default([]),
});
export type Choice = z.infer<typeof ChoiceSchema>;

/** A question the caller records: a set of choices to click, or free text (e.g. a callback time). */
export const QuestionSchema = z.object({
  id: ScriptIdSchema,
  label: z.string().trim().min(1).max(300),
  kind: z.enum(['choice', 'text']),
  required: z.boolean().default(false),
  choices: z.array(ChoiceSchema).max(SCRIPT_LIMITS.choicesPerQuestion).default([]),
});
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionKind = Question['kind'];

/** A question the person may ask, with the answer the caller can read out. */
export const FaqEntrySchema = z.object({
  question: z.string().trim().min(1).max(300),
  answer: z.string().trim().min(1).max(2000),
});
export type FaqEntry = z.infer<typeof FaqEntrySchema>;

/**
 * One screen of the call: what the caller says (`body`, with merge fields), talking points and FAQ
 * to help them, the questions to record, and where the call goes next (`next`; absent or null ends
 * the call). An `end` section closes the call: it may carry questions but neither `next` nor jumps.
 */
export const SectionSchema = z.object({
  id: ScriptIdSchema,
  title: z.string().trim().min(1).max(120),
  body: z.string().max(5000).default(''),
  talkingPoints: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  faq: z.array(FaqEntrySchema).max(30).default([]),
  questions: z.array(QuestionSchema).max(SCRIPT_LIMITS.questionsPerSection).default([]),
  next: ScriptIdSchema.nullable().optional(),
  end: z.boolean().optional(),
});
export type Section = z.infer<typeof SectionSchema>;

/**
 * A whole call script, as the editor saves it and as callers walk it. Validation checks that ids
 * are unique (sections and questions across the script, choices within their question) and that
 * every jump lands on a section that exists, so a caller can never be sent nowhere.
 */
export const ScriptDocumentSchema = z
  .object({
    startSectionId: ScriptIdSchema,
    sections: z.array(SectionSchema).min(1).max(SCRIPT_LIMITS.sections),
  })
  .superRefine((doc, ctx) => {
    for (const issue of findReferenceIssues(doc)) ctx.addIssue({ code: 'custom', ...issue });
  });
/** A validated script, defaults applied: what the walker and the analysis work on. */
export type ScriptDocument = z.infer<typeof ScriptDocumentSchema>;
/** A script as written by hand or sent by the editor, before defaults are applied. */
export type ScriptDocumentInput = z.input<typeof ScriptDocumentSchema>;

/**
 * The answers recorded during one call, keyed by question id: a choice id for choice questions,
 * the typed text for text questions. This is what the caller's screen sends when a call is saved.
 */
export const ScriptAnswersSchema = z.record(ScriptIdSchema, z.string().max(SCRIPT_LIMITS.answerLength));
export type ScriptAnswers = z.infer<typeof ScriptAnswersSchema>;

type ReferenceIssue = { message: string; path: (string | number)[] };

function findReferenceIssues(doc: { startSectionId: string; sections: Section[] }): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const sectionIndex = new Map<string, number>();
  doc.sections.forEach((section, s) => {
    const first = sectionIndex.get(section.id);
    if (first === undefined) sectionIndex.set(section.id, s);
    else issues.push({ path: ['sections', s, 'id'], message: `Duplicate section id "${section.id}" (already used by sections.${first})` });
  });
  if (!sectionIndex.has(doc.startSectionId)) {
    issues.push({ path: ['startSectionId'], message: `Start section "${doc.startSectionId}" does not exist` });
  }

  const questionPaths = new Map<string, string>();
  doc.sections.forEach((section, s) => {
    const sectionPath = ['sections', s];
    if (section.next != null && !sectionIndex.has(section.next)) {
      issues.push({ path: [...sectionPath, 'next'], message: `Next section "${section.next}" does not exist` });
    }
    if (section.end === true && section.next != null) {
      issues.push({ path: [...sectionPath, 'next'], message: 'An end section cannot have a next section' });
    }
    section.questions.forEach((question, q) => {
      const questionPath = [...sectionPath, 'questions', q];
      const firstPath = questionPaths.get(question.id);
      if (firstPath === undefined) questionPaths.set(question.id, questionPath.join('.'));
      else issues.push({ path: [...questionPath, 'id'], message: `Duplicate question id "${question.id}" (already used by ${firstPath})` });
      if (question.kind === 'choice' && question.choices.length === 0) {
        issues.push({ path: [...questionPath, 'choices'], message: 'A choice question needs at least one choice' });
      }
      if (question.kind === 'text' && question.choices.length > 0) {
        issues.push({ path: [...questionPath, 'choices'], message: 'A text question cannot have choices' });
      }
      const choiceIndex = new Map<string, number>();
      question.choices.forEach((choice, c) => {
        const choicePath = [...questionPath, 'choices', c];
        const firstChoice = choiceIndex.get(choice.id);
        if (firstChoice === undefined) choiceIndex.set(choice.id, c);
        else issues.push({ path: [...choicePath, 'id'], message: `Duplicate choice id "${choice.id}" (already used by choices.${firstChoice})` });
        if (choice.goto == null) return;
        if (!sectionIndex.has(choice.goto)) {
          issues.push({ path: [...choicePath, 'goto'], message: `Target section "${choice.goto}" does not exist` });
        } else if (section.end === true) {
          issues.push({ path: [...choicePath, 'goto'], message: 'A choice in an end section cannot jump to another section' });
        }
      });
    });
  });
  return issues;
}
