import { z } from 'zod';

const IdSchema = z.string().regex(/^[1-9]\d{0,17}$/);

/**
 * A people-filter criterion on a path: "on path X" (any status), "on path X at step Y or Z",
 * "completed path X with reason R", "abandoned path X". Meant to join the criteria of
 * src/shared/people/filter.ts; the server compiles it with pathFilterExpression (modules/paths).
 *
 * @example { type: 'path', pathId: '3', status: 'active', stepIds: ['12'] }
 */
export const PathCriterionSchema = z.strictObject({
  type: z.literal('path'),
  pathId: IdSchema,
  status: z.enum(['active', 'completed', 'abandoned']).optional(),
  stepIds: z.array(IdSchema).min(1).max(50).optional(),
  reasonIds: z.array(IdSchema).min(1).max(50).optional(),
});
export type PathCriterion = z.infer<typeof PathCriterionSchema>;
