import { isGroup, type Criterion, type CriterionType, type FilterGroup, type FilterNode } from '../../../shared/people/filter.js';

/**
 * Filters as the builder edits them: a criterion may still be incomplete (no level ticked, an
 * empty search). `cleanFilter` drops those before the filter goes to the server.
 */

/** A new criterion of a type, with the most useful default. */
export function newCriterion(type: CriterionType): Criterion {
  switch (type) {
    case 'search':
      return { type, text: '' };
    case 'supportLevel':
      return { type, levels: [] };
    case 'tags':
      return { type, match: 'any', tagIds: [] };
    case 'commune':
    case 'pollingStation':
    case 'constituency':
      return { type, codes: [] };
    case 'hasMobile':
    case 'hasPhone':
    case 'hasEmail':
      return { type, value: true };
    case 'flag':
      return { type, flag: 'doNotCall', value: false };
    case 'volunteer':
      return { type, value: true };
    case 'recruiter':
      return { type, personIds: [] };
    case 'created':
    case 'lastContacted':
      return { type };
    case 'path':
      // No path chosen yet: left out of the filter until one is.
      return { type, pathId: '' };
  }
}

function complete(c: Criterion): boolean {
  switch (c.type) {
    case 'search':
      return c.text.trim() !== '';
    case 'supportLevel':
      return c.levels.length > 0;
    case 'tags':
      return c.tagIds.length > 0;
    case 'commune':
    case 'pollingStation':
    case 'constituency':
      return c.codes.length > 0;
    case 'recruiter':
      return c.personIds.length > 0;
    case 'path':
      return c.pathId !== '';
    default:
      return true;
  }
}

/** The filter without its incomplete criteria and the groups left empty. */
export function cleanFilter(group: FilterGroup): FilterGroup {
  const children: FilterNode[] = [];
  for (const child of group.children) {
    if (isGroup(child)) {
      const cleaned = cleanFilter(child);
      if (cleaned.children.length > 0) children.push(cleaned);
    } else if (complete(child)) {
      children.push(child);
    }
  }
  return { op: group.op, children };
}

/** « soutien faible, indécis ou opposition faible, avec un mobile valide, sans "ne pas appeler" » */
export const CALLABLE_PRESET: FilterGroup = {
  op: 'and',
  children: [
    { type: 'supportLevel', levels: [2, 3, 4] },
    { type: 'hasMobile', value: true },
    { type: 'flag', flag: 'doNotCall', value: false },
  ],
};

export const VOLUNTEERS_PRESET: FilterGroup = { op: 'and', children: [{ type: 'volunteer', value: true }] };

/** 'YYYY-MM-DD' from a date picker → the instant that day starts (the browser's time zone). */
export function dayStart(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The day an instant falls on, for a date picker. */
export function dayOf(instant: string | undefined): string {
  if (instant === undefined) return '';
  const date = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
