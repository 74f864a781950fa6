import type { List, PeopleSort, PersonRow } from '../../../shared/contracts/lists.js';
import { FilterIdSchema, FilterSchema } from '../../../shared/people/filter.js';
import { AppError } from '../../platform/http/errors.js';
import type { ListRecord, PageAfter, PersonRowRecord } from './lists.repository.js';

/** Row → API shapes of the lists module, and the opaque page cursor. */

export function presentPersonRow(row: PersonRowRecord, tags: readonly { id: string; name: string }[]): PersonRow {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    mobile: row.mobile_e164,
    mobileValid: row.mobile_valid,
    phone: row.phone_e164,
    phoneValid: row.phone_valid,
    city: row.city,
    postalCode: row.postal_code,
    communeCode: row.commune_code,
    pollingStationCode: row.polling_station_code,
    constituencyCode: row.constituency_code,
    supportLevel: row.support_level,
    isVolunteer: row.is_volunteer,
    doNotCall: row.do_not_call,
    doNotEmail: row.do_not_email,
    doNotText: row.do_not_text,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    createdAt: row.created_at.toISOString(),
    lastContactedAt: row.last_contacted_at?.toISOString() ?? null,
  };
}

export function presentList(row: ListRecord): List {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    filter: row.filter === null ? null : FilterSchema.parse(row.filter),
    memberCount: row.member_count === null ? null : Number(row.member_count),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The cursor that starts the page after `row`: opaque to the client, checked when it comes back. */
export function encodeCursor(sort: PeopleSort, row: PersonRowRecord): string {
  const key = sort === 'name' ? ['n', row.last_name, row.first_name, row.id] : ['i', row.id];
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, sort: PeopleSort): PageAfter | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const invalid = () => new AppError('validation_failed', { fields: [{ path: 'cursor', message: 'validation:invalid_cursor' }] });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(key)) throw invalid();
  const id = key.at(-1);
  if (typeof id !== 'string' || !FilterIdSchema.safeParse(id).success) throw invalid();
  if (sort === 'name' && key.length === 4 && key[0] === 'n' && isName(key[1]) && isName(key[2])) {
    return { sort, lastName: key[1], firstName: key[2], id };
  }
  if (sort === 'newest' && key.length === 2 && key[0] === 'i') return { sort, id };
  throw invalid();
}

// A name as the database holds it: PostgreSQL text never contains NUL, and names are short.
function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
}
