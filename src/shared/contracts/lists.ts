import { z } from 'zod';
import { EVERYONE, FILTER_FLAGS, FilterIdSchema, FilterSchema } from '../people/filter.js';
import { route } from './route.js';

/**
 * Searching people with a filter, saved lists (dynamic: a saved filter; static: frozen
 * membership) and batch updates over a filter or a list, run as jobs.
 */

export const PEOPLE_SORTS = ['name', 'newest'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

/** One line of the people table: what an organizer scans, not the whole profile. */
export const PersonRowSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  /** E.164 (`+33612345678`); the web app shows it in national format. */
  mobile: z.string().nullable(),
  mobileValid: z.boolean(),
  phone: z.string().nullable(),
  phoneValid: z.boolean(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeCode: z.string().nullable(),
  pollingStationCode: z.string().nullable(),
  constituencyCode: z.string().nullable(),
  supportLevel: z.number().int().min(1).max(5).nullable(),
  isVolunteer: z.boolean(),
  doNotCall: z.boolean(),
  doNotEmail: z.boolean(),
  doNotText: z.boolean(),
  tags: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
  lastContactedAt: z.string().nullable(),
});
export type PersonRow = z.infer<typeof PersonRowSchema>;

const PageFields = {
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor: z.string().max(2000).nullish(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  sort: z.enum(PEOPLE_SORTS).default('name'),
};

export const PeopleSearchSchema = z.strictObject({
  filter: FilterSchema.default(EVERYONE),
  ...PageFields,
  /** Leave out the total when paging further (it was shown with the first page). */
  withCount: z.boolean().default(true),
});
export type PeopleSearch = z.input<typeof PeopleSearchSchema>;

export const PeoplePageSchema = z.object({
  rows: z.array(PersonRowSchema),
  /** How many people match in all (null when not asked for). */
  count: z.number().int().nullable(),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type PeoplePage = z.infer<typeof PeoplePageSchema>;

export const PeopleCountSchema = z.strictObject({ filter: FilterSchema.default(EVERYONE) });

export const ListIdSchema = FilterIdSchema;
export const ListParamsSchema = z.object({ listId: ListIdSchema });

export const LIST_KINDS = ['dynamic', 'static'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const ListSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(LIST_KINDS),
  /** A dynamic list's definition; for a static list, the filter it was frozen from (if any). */
  filter: FilterSchema.nullable(),
  /** A static list's size; null for a dynamic list (ask for its contents or count). */
  memberCount: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type List = z.infer<typeof ListSchema>;

const ListNameSchema = z.string().trim().min(1).max(200);
const ListDescriptionSchema = z.string().trim().max(2000);
const PersonIdsSchema = z.array(FilterIdSchema).max(10_000);

export const ListCreateSchema = z
  .strictObject({
    name: ListNameSchema,
    description: ListDescriptionSchema.default(''),
    kind: z.enum(LIST_KINDS),
    /** Dynamic: the list's definition. Static: the people matching it now become its members. */
    filter: FilterSchema.optional(),
    /** Static only: people to add (besides those of `filter`). */
    personIds: PersonIdsSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'dynamic' && v.filter === undefined) ctx.addIssue({ code: 'custom', path: ['filter'], message: 'validation:required' });
    if (v.kind === 'dynamic' && v.personIds !== undefined) ctx.addIssue({ code: 'custom', path: ['personIds'], message: 'validation:list_not_static' });
  });
export type ListCreate = z.input<typeof ListCreateSchema>;

export const ListUpdateSchema = z.strictObject({
  name: ListNameSchema.optional(),
  description: ListDescriptionSchema.optional(),
  /** Dynamic lists only. */
  filter: FilterSchema.optional(),
});

export const ListFreezeSchema = z.strictObject({
  /** The static list's name; by default the dynamic list's name and today's date. */
  name: ListNameSchema.optional(),
});

export const ListMembersChangeSchema = z
  .strictObject({ add: PersonIdsSchema.default([]), remove: PersonIdsSchema.default([]) })
  .refine((v) => v.add.length + v.remove.length > 0, { path: ['add'], message: 'validation:required' });

export const ListContentsQuerySchema = z.object(PageFields).extend({
  withCount: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

// Batch updates

const ReasonSchema = z.string().trim().max(500);

export const BatchActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('addTags'), tagIds: z.array(FilterIdSchema).min(1).max(50) }),
  z.strictObject({ type: z.literal('removeTags'), tagIds: z.array(FilterIdSchema).min(1).max(50) }),
  /** null clears the level (unknown). */
  z.strictObject({ type: z.literal('setSupportLevel'), level: z.number().int().min(1).max(5).nullable() }),
  /** Sets (value true) or clears a do-not-contact flag, recording when and why. */
  z.strictObject({ type: z.literal('setFlag'), flag: z.enum(FILTER_FLAGS), value: z.boolean(), reason: ReasonSchema.optional() }),
  z.strictObject({ type: z.literal('setVolunteer'), value: z.boolean() }),
  /** Deletes the people (not a GDPR erasure); objectors leave hashed suppression entries. */
  z.strictObject({ type: z.literal('delete') }),
]);
export type BatchAction = z.infer<typeof BatchActionSchema>;
export type BatchActionType = BatchAction['type'];

export const BatchTargetSchema = z.union([z.strictObject({ filter: FilterSchema }), z.strictObject({ listId: ListIdSchema })]);
export type BatchTarget = z.infer<typeof BatchTargetSchema>;

export const BatchUpdateSchema = z
  .strictObject({
    target: BatchTargetSchema,
    action: BatchActionSchema,
    /**
     * How many people the organizer was shown: when given (required to delete), the job is
     * refused if the target now holds a different number, so nobody deletes a list that grew.
     */
    expectedCount: z.number().int().min(0).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action.type === 'delete' && v.expectedCount === undefined) ctx.addIssue({ code: 'custom', path: ['expectedCount'], message: 'validation:required' });
  });
export type BatchUpdate = z.input<typeof BatchUpdateSchema>;

export const JobStartedSchema = z.object({ jobId: z.string(), total: z.number().int() });

export const listRoutes = {
  searchPeople: route({
    method: 'POST',
    path: '/api/people/search',
    access: 'people.read',
    summary: 'People matching a filter, a page at a time (keyset cursor), with the total count',
    tags: ['lists'],
    body: PeopleSearchSchema,
    response: PeoplePageSchema,
  }),
  countPeople: route({
    method: 'POST',
    path: '/api/people/count',
    access: 'people.counts',
    summary: 'How many people match a filter: a count, no profile (free-text search needs people.read)',
    tags: ['lists'],
    body: PeopleCountSchema,
    response: z.object({ count: z.number().int() }),
  }),
  batchUpdatePeople: route({
    method: 'POST',
    path: '/api/people/batch',
    access: 'people.write',
    summary: 'Start a batch update (tags, support level, flags, volunteer, delete) over a filter or a list; poll GET /api/jobs/:jobId',
    tags: ['lists'],
    body: BatchUpdateSchema,
    response: JobStartedSchema,
    status: 202,
  }),
  listLists: route({
    method: 'GET',
    path: '/api/lists',
    access: 'lists.manage',
    summary: 'Saved lists, most recently changed first',
    tags: ['lists'],
    response: z.object({ lists: z.array(ListSchema) }),
  }),
  createList: route({
    method: 'POST',
    path: '/api/lists',
    access: 'lists.manage',
    summary: 'Save a filter as a dynamic list, or freeze its people (and/or given people) into a static list',
    tags: ['lists'],
    body: ListCreateSchema,
    response: ListSchema,
    status: 201,
  }),
  getList: route({
    method: 'GET',
    path: '/api/lists/:listId',
    access: 'lists.manage',
    summary: 'A saved list',
    tags: ['lists'],
    params: ListParamsSchema,
    response: ListSchema,
  }),
  updateList: route({
    method: 'PATCH',
    path: '/api/lists/:listId',
    access: 'lists.manage',
    summary: "Rename a list, or change a dynamic list's filter",
    tags: ['lists'],
    params: ListParamsSchema,
    body: ListUpdateSchema,
    response: ListSchema,
  }),
  deleteList: route({
    method: 'DELETE',
    path: '/api/lists/:listId',
    access: 'lists.manage',
    summary: 'Delete a list (its people stay in the database)',
    tags: ['lists'],
    params: ListParamsSchema,
    response: z.object({ ok: z.literal(true) }),
  }),
  freezeList: route({
    method: 'POST',
    path: '/api/lists/:listId/freeze',
    access: 'lists.manage',
    summary: "Freeze a list's current people into a new static list",
    tags: ['lists'],
    params: ListParamsSchema,
    body: ListFreezeSchema,
    response: ListSchema,
    status: 201,
  }),
  changeListMembers: route({
    method: 'POST',
    path: '/api/lists/:listId/members',
    access: 'lists.manage',
    summary: 'Add people to or remove people from a static list',
    tags: ['lists'],
    params: ListParamsSchema,
    body: ListMembersChangeSchema,
    response: z.object({ added: z.number().int(), removed: z.number().int(), memberCount: z.number().int() }),
  }),
  listContents: route({
    method: 'GET',
    path: '/api/lists/:listId/people',
    access: 'people.read',
    summary: "A list's people, a page at a time, with the total count",
    tags: ['lists'],
    params: ListParamsSchema,
    query: ListContentsQuerySchema,
    response: PeoplePageSchema,
  }),
};
