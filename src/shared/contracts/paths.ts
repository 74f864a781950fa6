import { z } from 'zod';
import { FilterSchema } from '../people/filter.js';
import { route } from './route.js';

const DigitsId = z.string().regex(/^\d{1,18}$/);
export const PathReasonKindSchema = z.enum(['completion', 'abandon']);
export const PathPersonStatusSchema = z.enum(['active', 'completed', 'abandoned']);

export const PathStepSchema = z.object({ id: z.string(), name: z.string(), position: z.number().int(), key: z.string().nullable() });
export type PathStep = z.infer<typeof PathStepSchema>;
export const PathReasonSchema = z.object({ id: z.string(), kind: PathReasonKindSchema, label: z.string(), key: z.string().nullable() });
export type PathReason = z.infer<typeof PathReasonSchema>;

export const PathSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  active: z.number().int(),
  completed: z.number().int(),
  abandoned: z.number().int(),
});
export type PathSummary = z.infer<typeof PathSummarySchema>;

/** A path with its ordered steps and its completion and abandon reasons. */
export const PathSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  steps: z.array(PathStepSchema),
  reasons: z.array(PathReasonSchema),
});
export type Path = z.infer<typeof PathSchema>;

const StepInputSchema = z.object({ id: DigitsId.optional(), name: z.string().trim().min(1).max(200) });
const ReasonInputSchema = z.object({ id: DigitsId.optional(), kind: PathReasonKindSchema, label: z.string().trim().min(1).max(200) });

/**
 * Creating a path: with the given steps and reasons, or (when none are given) the default template
 * in the organization's language: to call, called once / twice with no answer, call back later,
 * update contact info, needs follow-up; supporter, opponent, undecided, contact info updated; could
 * not talk, asked not to be called again. `template: 'empty'` starts with a single step.
 */
export const PathCreateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).optional(),
  template: z.enum(['default', 'empty']).optional(),
  steps: z.array(StepInputSchema).min(1).max(50).optional(),
  reasons: z.array(ReasonInputSchema).max(50).optional(),
});
export type PathCreate = z.infer<typeof PathCreateSchema>;

/**
 * Saving a path's structure: steps in their new order and reasons. Items with an id are renamed,
 * items without are added, missing ones are removed (refused while people stand on that step or
 * finished with that reason).
 */
export const PathUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
  steps: z.array(StepInputSchema).min(1).max(50).optional(),
  reasons: z.array(ReasonInputSchema).max(50).optional(),
});
export type PathUpdate = z.infer<typeof PathUpdateSchema>;

/**
 * Adding people to a path runs as a job; they start on `stepId` (default: the first step). Who:
 * explicit person ids, a saved list (static members or a dynamic list's filter, copied when the
 * job starts), or a filter. Exactly one of the three.
 */
export const PathAddPeopleSchema = z
  .object({
    personIds: z.array(DigitsId).min(1).max(100_000).optional(),
    listId: DigitsId.optional(),
    filter: FilterSchema.optional(),
    stepId: DigitsId.optional(),
    pointPersonId: z.uuid().optional(),
  })
  .refine((b) => [b.personIds, b.listId, b.filter].filter((x) => x !== undefined).length === 1, {
    message: 'validation:path_add_target_one',
    path: ['personIds'],
  });
export type PathAddPeople = z.infer<typeof PathAddPeopleSchema>;

/** One move: to a step (reopening a finished person), or completed / abandoned with a reason. */
export const PathMoveSchema = z
  .object({
    stepId: DigitsId.optional(),
    complete: z.object({ reasonId: DigitsId }).optional(),
    abandon: z.object({ reasonId: DigitsId }).optional(),
  })
  .refine((m) => [m.stepId, m.complete, m.abandon].filter((x) => x !== undefined).length === 1, {
    message: 'validation:path_move_one',
    path: ['stepId'],
  });
export type PathMove = z.infer<typeof PathMoveSchema>;

export const PathPointPersonSchema = z.object({ userId: z.uuid().nullable() });

export const PathEventSchema = z.object({
  id: z.string(),
  kind: z.enum(['added', 'moved', 'completed', 'abandoned', 'reopened', 'assigned']),
  fromStepId: z.string().nullable(),
  toStepId: z.string().nullable(),
  reasonId: z.string().nullable(),
  pointPersonId: z.string().nullable(),
  byUserId: z.string().nullable(),
  callId: z.string().nullable(),
  at: z.string(),
});
export type PathEvent = z.infer<typeof PathEventSchema>;

/** Where one person stands on a path. */
export const PathPersonSchema = z.object({
  pathId: z.string(),
  personId: z.string(),
  status: PathPersonStatusSchema,
  stepId: z.string().nullable(),
  reasonId: z.string().nullable(),
  pointPersonId: z.string().nullable(),
  addedAt: z.string(),
  stepEnteredAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type PathPerson = z.infer<typeof PathPersonSchema>;

export const PathPersonDetailSchema = PathPersonSchema.extend({ history: z.array(PathEventSchema) });

/** A row of a step's (or a reason's) people list. */
export const PathPersonRowSchema = PathPersonSchema.extend({
  firstName: z.string(),
  lastName: z.string(),
  city: z.string().nullable(),
  pointPersonName: z.string().nullable(),
});
export type PathPersonRow = z.infer<typeof PathPersonRowSchema>;

export const PathPeopleQuerySchema = z.object({
  status: PathPersonStatusSchema.optional(),
  stepId: DigitsId.optional(),
  reasonId: DigitsId.optional(),
  pointPersonId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The last person id of the previous page. */
  after: DigitsId.optional(),
});

/** One path a person is on, for their profile. */
export const PersonPathSchema = PathPersonSchema.extend({
  pathName: z.string(),
  stepName: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  pointPersonName: z.string().nullable(),
});
export type PersonPath = z.infer<typeof PersonPathSchema>;

/** The board: how many people stand on each step, and how many finished with each reason. */
export const PathBoardSchema = z.object({
  pathId: z.string(),
  steps: z.array(z.object({ stepId: z.string(), name: z.string(), count: z.number().int() })),
  completed: z.array(z.object({ reasonId: z.string(), label: z.string(), count: z.number().int() })),
  abandoned: z.array(z.object({ reasonId: z.string(), label: z.string(), count: z.number().int() })),
  total: z.number().int(),
});
export type PathBoard = z.infer<typeof PathBoardSchema>;

const PathParams = z.object({ pathId: DigitsId });
const PathPersonParams = z.object({ pathId: DigitsId, personId: DigitsId });
const OkSchema = z.object({ ok: z.literal(true) });

/** Paths (journeys): structure, who is where, moves, and the board. */
export const pathRoutes = {
  listPaths: route({
    method: 'GET',
    path: '/api/paths',
    access: 'paths.manage',
    summary: "The organization's paths with how many people are active, completed, abandoned",
    tags: ['paths'],
    response: z.object({ paths: z.array(PathSummarySchema) }),
  }),
  createPath: route({
    method: 'POST',
    path: '/api/paths',
    access: 'paths.manage',
    summary: 'Create a path (default template: the NationBuilder call path, in the organization language)',
    tags: ['paths'],
    body: PathCreateSchema,
    response: PathSchema,
    status: 201,
  }),
  getPath: route({
    method: 'GET',
    path: '/api/paths/:pathId',
    access: 'paths.manage',
    summary: 'A path with its steps and reasons',
    tags: ['paths'],
    params: PathParams,
    response: PathSchema,
  }),
  updatePath: route({
    method: 'PUT',
    path: '/api/paths/:pathId',
    access: 'paths.manage',
    summary: "Rename a path, reorder, add, rename or remove its steps and reasons",
    tags: ['paths'],
    params: PathParams,
    body: PathUpdateSchema,
    response: PathSchema,
  }),
  deletePath: route({
    method: 'DELETE',
    path: '/api/paths/:pathId',
    access: 'paths.manage',
    summary: 'Delete a path and who was on it',
    tags: ['paths'],
    params: PathParams,
    response: OkSchema,
  }),
  pathBoard: route({
    method: 'GET',
    path: '/api/paths/:pathId/board',
    access: 'paths.manage',
    summary: 'Count of people per step, completed per reason, abandoned per reason',
    tags: ['paths'],
    params: PathParams,
    response: PathBoardSchema,
  }),
  listPathPeople: route({
    method: 'GET',
    path: '/api/paths/:pathId/people',
    access: 'paths.manage',
    summary: "People on a path (a step's, a reason's, a point person's), by pages",
    tags: ['paths'],
    params: PathParams,
    query: PathPeopleQuerySchema,
    response: z.object({ people: z.array(PathPersonRowSchema), total: z.number().int(), nextCursor: z.string().nullable() }),
  }),
  addPeopleToPath: route({
    method: 'POST',
    path: '/api/paths/:pathId/people',
    access: 'paths.manage',
    summary: 'Add people, a list or a filter to a path (a background job; people already on it stay where they are)',
    tags: ['paths'],
    params: PathParams,
    body: PathAddPeopleSchema,
    response: z.object({ jobId: z.string(), total: z.number().int() }),
    status: 202,
  }),
  getPathPerson: route({
    method: 'GET',
    path: '/api/paths/:pathId/people/:personId',
    access: 'paths.manage',
    summary: 'Where a person stands on a path, with the history of their moves',
    tags: ['paths'],
    params: PathPersonParams,
    response: PathPersonDetailSchema,
  }),
  movePathPerson: route({
    method: 'POST',
    path: '/api/paths/:pathId/people/:personId/move',
    access: 'paths.manage',
    summary: 'Move a person to a step, or complete or abandon the path with a reason',
    tags: ['paths'],
    params: PathPersonParams,
    body: PathMoveSchema,
    response: PathPersonSchema,
  }),
  assignPathPointPerson: route({
    method: 'PUT',
    path: '/api/paths/:pathId/people/:personId/point-person',
    access: 'paths.manage',
    summary: "Give a person on a path a point person (a member), or remove them",
    tags: ['paths'],
    params: PathPersonParams,
    body: PathPointPersonSchema,
    response: PathPersonSchema,
  }),
  personPaths: route({
    method: 'GET',
    path: '/api/person-paths/:personId',
    access: 'paths.manage',
    summary: 'The paths a person is on, where they stand and who follows them up',
    tags: ['paths'],
    params: z.object({ personId: DigitsId }),
    response: z.object({ paths: z.array(PersonPathSchema) }),
  }),
  removePathPerson: route({
    method: 'DELETE',
    path: '/api/paths/:pathId/people/:personId',
    access: 'paths.manage',
    summary: 'Take a person off a path (their history goes with them)',
    tags: ['paths'],
    params: PathPersonParams,
    response: OkSchema,
  }),
};
