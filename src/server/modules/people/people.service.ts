import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type {
  Contact,
  ContactStatus,
  ContactType,
  ContactCreateSchema,
  ContactsQuerySchema,
  ErasureSchema,
  Person,
  PersonCreateParsed,
  PersonExport,
  PersonUpdateParsed,
  Tag,
  TagWithCount,
} from '../../../shared/contracts/people.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { PeopleTable } from '../../platform/db/schema.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { contactCursor, presentContact, presentPerson } from './people.mappers.js';
import { CONTACT_OBJECTION_REASON, flagsSetByContact, objectedToContact } from './people.policy.js';
import { eraseMentions, findMentions, tracesOf, type PersonTraces } from './people.erasure.js';
import * as repo from './people.repository.js';
import { suppressionHash, type SuppressionKind } from './people.suppressions.js';

/** Audit actions written for a person's record. */
export const PERSON_AUDIT = {
  read: 'person.read',
  exported: 'person.exported',
  erased: 'person.erased',
  deleted: 'person.deleted',
} as const;

// A contact entered a few minutes "in the future" is a clock difference between devices, not a typo.
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

function run<T>(ctx: AppContext, actor: OrgActor, fn: (tx: Tx, orgId: string) => Promise<T>): Promise<T> {
  return inOrg(ctx.database.db, scope(actor), (tx) => fn(tx, actor.org.id));
}

async function loadPerson(tx: Tx, orgId: string, id: string): Promise<Person> {
  const row = await repo.findPerson(tx, orgId, id);
  if (!row) throw notFound();
  return presentPerson(row, await repo.tagsOfPerson(tx, orgId, id), await repo.extraContactsOf(tx, orgId, id));
}

/**
 * Writes the additional e-mails and phones an input replaces: duplicates (an e-mail in another
 * case, a number typed another way) and copies of the primary ones are dropped.
 */
async function saveExtraContacts(tx: Tx, orgId: string, id: string, input: Pick<PersonUpdateParsed, 'extraEmails' | 'extraPhones'>) {
  if (input.extraEmails === undefined && input.extraPhones === undefined) return;
  const person = await repo.lockPerson(tx, orgId, id);
  if (!person) throw notFound();
  if (input.extraEmails !== undefined) {
    const seen = new Set([person.email?.toLowerCase()]);
    const emails = input.extraEmails.filter((email) => {
      const key = email.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    await repo.replaceExtraEmails(tx, orgId, id, emails);
  }
  if (input.extraPhones !== undefined) {
    const seen = new Set([person.mobile_e164, person.phone_e164].filter((v) => v !== null));
    const phones = input.extraPhones.flatMap((p) => {
      if (p.e164 === null || seen.has(p.e164)) return [];
      seen.add(p.e164);
      return [{ kind: p.kind === 'mobile' ? ('mobile' as const) : ('landline' as const), e164: p.e164, raw: p.raw, valid: p.valid }];
    });
    await repo.replaceExtraPhones(tx, orgId, id, phones);
  }
}

/**
 * Keeps the primary slots filled: a person with an additional e-mail has a primary e-mail, with a
 * valid additional mobile a valid primary mobile, with any valid additional number a valid
 * primary one. An empty or invalid slot takes the first fitting additional value (an invalid
 * number it held becomes an additional one). Callers dial and filters count the primary columns
 * only (lists/filter.sql.ts), so this is what makes "has a valid mobile" true for them.
 */
async function fillPrimarySlots(tx: Tx, orgId: string, id: string) {
  const person = await repo.lockPerson(tx, orgId, id);
  if (!person) throw notFound();
  const extras = await repo.extraContactsOf(tx, orgId, id);
  let emails = [...extras.emails];
  let phones = [...extras.phones];
  const set: Updateable<PeopleTable> = {};
  if ((person.email ?? '') === '' && emails.length > 0) {
    set.email = emails[0]!.toLowerCase();
    emails = emails.slice(1);
  }
  let phonesChanged = false;
  const take = (slot: 'mobile' | 'phone', fits: (p: (typeof phones)[number]) => boolean) => {
    const index = phones.findIndex((p) => p.valid && p.e164 !== null && fits(p));
    if (index < 0) return false;
    const chosen = phones[index]!;
    const previous = person[`${slot}_raw`];
    phones = phones.filter((_, i) => i !== index);
    phonesChanged = true;
    if (previous !== null && previous !== '') phones.push({ kind: slot === 'mobile' ? 'mobile' : 'landline', e164: null, raw: previous, valid: false });
    Object.assign(set, { [`${slot}_e164`]: chosen.e164, [`${slot}_raw`]: chosen.raw, [`${slot}_valid`]: true });
    return true;
  };
  let mobileValid = person.mobile_valid;
  if (!mobileValid) mobileValid = take('mobile', (p) => p.kind === 'mobile');
  if (!mobileValid && !person.phone_valid) take('phone', () => true);
  if (Object.keys(set).length === 0) return;
  await repo.updatePerson(tx, orgId, id, set);
  if (emails.length !== extras.emails.length) await repo.replaceExtraEmails(tx, orgId, id, emails);
  if (phonesChanged) await repo.replaceExtraPhones(tx, orgId, id, phones);
}

async function requirePerson(tx: Tx, orgId: string, id: string) {
  const row = await repo.personExists(tx, orgId, id);
  if (!row) throw notFound();
  return row;
}

/** The person's row, locked until the transaction ends: an erasure and an edit never interleave. */
async function lockPerson(tx: Tx, orgId: string, id: string) {
  const row = await repo.lockPerson(tx, orgId, id);
  if (!row) throw notFound();
  return row;
}

/** Counts of the organization's people, for those who see counts but no profile (viewers). */
export async function summarizePeople(ctx: AppContext, actor: OrgActor) {
  const row = await run(ctx, actor, (tx, orgId) => repo.summarizePeople(tx, orgId));
  return {
    total: Number(row.total),
    bySupportLevel: { '1': Number(row.s1), '2': Number(row.s2), '3': Number(row.s3), '4': Number(row.s4), '5': Number(row.s5), unknown: Number(row.unknown) },
    volunteers: Number(row.volunteers),
    doNotCall: Number(row.do_not_call),
  };
}

/** A person's profile; the read is written to the audit log (who looked at whose record, when). */
export function getPerson(ctx: AppContext, actor: OrgActor, id: string): Promise<Person> {
  return run(ctx, actor, async (tx, orgId) => {
    const person = await loadPerson(tx, orgId, id);
    await logPersonRead(tx, orgId, actor.user.id, id);
    return person;
  });
}

type PersonInput = PersonUpdateParsed;
type Flag = 'call' | 'email' | 'text';

function flagColumns(
  flag: Flag,
  active: boolean | undefined,
  reason: string | null | undefined,
  existing: { active: boolean; at: Date | null; reason: string | null } | null,
  now: Date,
): Updateable<PeopleTable> {
  const [col, at, why] = [`do_not_${flag}`, `do_not_${flag}_at`, `do_not_${flag}_reason`] as const;
  if (active === false) return { [col]: false, [at]: null, [why]: null };
  if (active === true) {
    // Setting a flag again keeps when it was first set: that date is what the person is owed.
    const already = existing?.active === true;
    return { [col]: true, [at]: already ? existing.at : now, [why]: reason !== undefined ? reason : already ? existing.reason : null };
  }
  if (reason !== undefined && existing?.active) return { [why]: reason };
  return {};
}

type StoredPerson = NonNullable<Awaited<ReturnType<typeof repo.lockPerson>>>;

function columnsFrom(input: PersonInput, now: Date, existing: StoredPerson | null): Updateable<PeopleTable> {
  const set: Updateable<PeopleTable> = { updated_at: now };
  if (input.externalId !== undefined) set.external_id = input.externalId;
  if (input.firstName !== undefined) set.first_name = input.firstName ?? '';
  if (input.lastName !== undefined) set.last_name = input.lastName ?? '';
  if (input.birthDate !== undefined) set.birth_date = input.birthDate;
  if (input.email !== undefined) set.email = input.email;
  if (input.mobile !== undefined) {
    set.mobile_e164 = input.mobile?.e164 ?? null;
    set.mobile_raw = input.mobile?.raw ?? null;
    set.mobile_valid = input.mobile?.valid ?? false;
  }
  if (input.landline !== undefined) {
    set.phone_e164 = input.landline?.e164 ?? null;
    set.phone_raw = input.landline?.raw ?? null;
    set.phone_valid = input.landline?.valid ?? false;
  }
  if (input.address) {
    if (input.address.line1 !== undefined) set.address_line1 = input.address.line1;
    if (input.address.line2 !== undefined) set.address_line2 = input.address.line2;
    if (input.address.postalCode !== undefined) set.postal_code = input.address.postalCode;
    if (input.address.city !== undefined) set.city = input.address.city;
  }
  if (input.communeCode !== undefined) set.commune_code = input.communeCode;
  if (input.pollingStationCode !== undefined) set.polling_station_code = input.pollingStationCode;
  if (input.constituencyCode !== undefined) set.constituency_code = input.constituencyCode;
  if (input.supportLevel !== undefined) set.support_level = input.supportLevel;
  if (input.recruiterId !== undefined) set.recruiter_id = input.recruiterId;
  if (input.dataSource !== undefined) set.data_source = input.dataSource;
  if (input.legalBasis !== undefined) set.legal_basis = input.legalBasis;
  if (input.isVolunteer !== undefined) set.is_volunteer = input.isVolunteer;
  const current = (flag: Flag) =>
    existing ? { active: existing[`do_not_${flag}`], at: existing[`do_not_${flag}_at`], reason: existing[`do_not_${flag}_reason`] } : null;
  Object.assign(
    set,
    flagColumns('call', input.doNotCall, input.doNotCallReason, current('call'), now),
    flagColumns('email', input.doNotEmail, input.doNotEmailReason, current('email'), now),
    flagColumns('text', input.doNotText, input.doNotTextReason, current('text'), now),
  );
  return set;
}

async function checkRecruiter(tx: Tx, orgId: string, recruiterId: string | null | undefined, personId: string | null) {
  if (recruiterId === undefined || recruiterId === null) return;
  if (recruiterId === personId) throw new AppError('validation_failed', { fields: [{ path: 'recruiterId', message: 'validation:recruiter_self' }] });
  if (!(await repo.personExists(tx, orgId, recruiterId))) {
    throw new AppError('validation_failed', { fields: [{ path: 'recruiterId', message: 'validation:unknown_person' }] });
  }
}

/** External ids are unique per organization: a second person with the same one is a conflict on that field. */
async function withUniqueExternalId<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23505' && pgError.constraint === 'people_external_id') {
      throw new AppError('conflict', { fields: [{ path: 'externalId', message: 'validation:taken' }] });
    }
    throw error;
  }
}

/** Adds a person typed in by an organizer, with their tags. */
export function createPerson(ctx: AppContext, actor: OrgActor, input: PersonCreateParsed): Promise<Person> {
  return withUniqueExternalId(
    run(ctx, actor, async (tx, orgId) => {
      await checkRecruiter(tx, orgId, input.recruiterId, null);
      const now = ctx.clock();
      const { tags, customFields, ...fields } = input;
      const id = await repo.insertPerson(tx, orgId, {
        ...columnsFrom(fields, now, null),
        legal_basis: input.legalBasis,
        custom_fields: JSON.stringify(Object.fromEntries(Object.entries(customFields ?? {}).filter(([, v]) => v !== null))),
        created_at: now,
        updated_at: now,
      });
      await repo.tagPerson(tx, orgId, id, await repo.ensureTags(tx, orgId, tags ?? []));
      await saveExtraContacts(tx, orgId, id, fields);
      await fillPrimarySlots(tx, orgId, id);
      return loadPerson(tx, orgId, id);
    }),
  );
}

/** Changes the fields sent, and only those; custom fields are merged. */
export function updatePerson(ctx: AppContext, actor: OrgActor, id: string, input: PersonUpdateParsed): Promise<Person> {
  return withUniqueExternalId(
    run(ctx, actor, async (tx, orgId) => {
      const existing = await lockPerson(tx, orgId, id);
      await checkRecruiter(tx, orgId, input.recruiterId, id);
      const { customFields, ...fields } = input;
      await repo.updatePerson(tx, orgId, id, columnsFrom(fields, ctx.clock(), existing));
      if (customFields && Object.keys(customFields).length > 0) await repo.mergeCustomFields(tx, orgId, id, customFields);
      await saveExtraContacts(tx, orgId, id, fields);
      await fillPrimarySlots(tx, orgId, id);
      return loadPerson(tx, orgId, id);
    }),
  );
}

/**
 * Deletes a person entered by mistake or as a duplicate. Their contact history is kept, anonymised,
 * for the campaign's counts; a GDPR request goes through {@link erasePerson} instead.
 */
export async function deletePerson(ctx: AppContext, actor: OrgActor, id: string): Promise<void> {
  await run(ctx, actor, async (tx, orgId) => {
    await lockPerson(tx, orgId, id);
    await repo.anonymiseContacts(tx, orgId, id);
    await removePersonRow(tx, orgId, id);
    await repo.insertAudit(tx, orgId, { userId: actor.user.id, action: PERSON_AUDIT.deleted, personId: id });
  });
}

async function removePersonRow(tx: Tx, orgId: string, id: string) {
  await repo.clearNotesOfKeptRows(tx, orgId, id);
  await repo.untagPersonEverywhere(tx, orgId, id);
  try {
    await repo.deletePerson(tx, orgId, id);
  } catch (error) {
    // Another feature's table refuses to lose this person (ON DELETE RESTRICT): say so, do not 500.
    if ((error as { code?: string }).code === '23503') throw new AppError('conflict', { detail: String((error as Error).message) });
    throw error;
  }
}

export function listPersonTags(ctx: AppContext, actor: OrgActor, id: string): Promise<Tag[]> {
  return run(ctx, actor, async (tx, orgId) => {
    await requirePerson(tx, orgId, id);
    return repo.tagsOfPerson(tx, orgId, id);
  });
}

/** Tags a person, creating tags that do not exist yet (names compare case-insensitively). */
export function addPersonTags(ctx: AppContext, actor: OrgActor, id: string, names: readonly string[]): Promise<Tag[]> {
  return run(ctx, actor, async (tx, orgId) => {
    await requirePerson(tx, orgId, id);
    await repo.tagPerson(tx, orgId, id, await repo.ensureTags(tx, orgId, names));
    return repo.tagsOfPerson(tx, orgId, id);
  });
}

export function removePersonTag(ctx: AppContext, actor: OrgActor, id: string, tagId: string): Promise<Tag[]> {
  return run(ctx, actor, async (tx, orgId) => {
    await requirePerson(tx, orgId, id);
    await repo.untagPerson(tx, orgId, id, tagId);
    return repo.tagsOfPerson(tx, orgId, id);
  });
}

/** The organization's tags, each with how many people carry it, for pickers and the filter builder. */
export async function listTags(ctx: AppContext, actor: OrgActor, prefix?: string): Promise<TagWithCount[]> {
  const rows = await run(ctx, actor, (tx, orgId) => repo.listTags(tx, orgId, prefix));
  return rows.map((r) => ({ id: r.id, name: r.name, count: Number(r.count) }));
}

/** A contact to add to a person's history, from a form or from another feature (a call's outcome). */
export interface ContactEntry {
  personId: string;
  type: ContactType;
  status: ContactStatus;
  notes?: string | null | undefined;
  madeBy: string | null;
  madeAt: Date;
  campaignId?: string | null | undefined;
  scriptId?: string | null | undefined;
}

/**
 * Adds an entry to a person's history inside the caller's transaction and moves their "last
 * contacted" date. A person who asked not to be contacted again gets do-not-call, do-not-e-mail and
 * do-not-text set, dated when they said it, so no later campaign offers them to a caller. Returns
 * the contact's id, or null when the person no longer exists (erased meanwhile).
 */
export async function recordContact(tx: Tx, orgId: string, entry: ContactEntry, now: Date): Promise<string | null> {
  const person = await repo.lockPerson(tx, orgId, entry.personId);
  if (!person) return null;
  const { id } = await repo.insertContact(tx, orgId, {
    person_id: entry.personId,
    type: entry.type,
    status: entry.status,
    notes: entry.notes ?? null,
    made_by: entry.madeBy,
    made_at: entry.madeAt,
    campaign_id: entry.campaignId ?? null,
    script_id: entry.scriptId ?? null,
  });
  await repo.touchLastContacted(tx, orgId, entry.personId, entry.madeAt);
  const flags = flagsSetByContact(entry.status).filter((flag) => !person[flag]);
  if (flags.length > 0) {
    const set: Updateable<PeopleTable> = { updated_at: now };
    for (const flag of flags) Object.assign(set, { [flag]: true, [`${flag}_at`]: entry.madeAt, [`${flag}_reason`]: CONTACT_OBJECTION_REASON });
    await repo.updatePerson(tx, orgId, entry.personId, set);
  }
  return id;
}

/** Records a contact typed on the profile page by the signed-in organizer. */
export function addContact(ctx: AppContext, actor: OrgActor, personId: string, input: z.output<typeof ContactCreateSchema>): Promise<Contact> {
  const now = ctx.clock();
  const madeAt = input.madeAt ? new Date(input.madeAt) : now;
  if (madeAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw new AppError('validation_failed', { fields: [{ path: 'madeAt', message: 'validation:in_future' }] });
  }
  return run(ctx, actor, async (tx, orgId) => {
    const id = await recordContact(tx, orgId, { ...input, personId, madeBy: actor.user.id, madeAt }, now);
    if (id === null) throw notFound();
    return presentContact(await repo.findContact(tx, orgId, id));
  });
}

/**
 * Writes to the audit log that a user was shown a person's record (every read by a caller is
 * logged). `via` says where, e.g. `call_campaign:12`.
 */
export async function logPersonRead(tx: Tx, orgId: string, userId: string, personId: string, via?: string): Promise<void> {
  await repo.insertAudit(tx, orgId, { userId, action: PERSON_AUDIT.read, personId, details: via ? { via } : {} });
}

function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [at, id] = cursor.split('_');
  const madeAt = new Date(at ?? '');
  if (Number.isNaN(madeAt.getTime()) || id === undefined) {
    throw new AppError('validation_failed', { fields: [{ path: 'query.cursor', message: 'validation:invalid_format' }] });
  }
  return { madeAt, id };
}

/** One page of a person's timeline, newest first. */
export function listContacts(ctx: AppContext, actor: OrgActor, personId: string, query: z.output<typeof ContactsQuerySchema>) {
  const after = parseCursor(query.cursor);
  return run(ctx, actor, async (tx, orgId) => {
    await requirePerson(tx, orgId, personId);
    const rows = await repo.listContacts(tx, orgId, personId, { limit: query.limit + 1, after });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { contacts: page.map(presentContact), nextCursor: rows.length > query.limit && last ? contactCursor(last) : null };
  });
}

/**
 * Everything held about one person, for a GDPR access or portability request: the profile, the
 * contact history, who read or exported the record, and every row of another feature pointing at
 * them. The export itself is logged first, so it appears in what it hands over.
 */
export function exportPerson(ctx: AppContext, actor: OrgActor, id: string): Promise<PersonExport> {
  return run(ctx, actor, async (tx, orgId) => {
    const person = await loadPerson(tx, orgId, id);
    await repo.insertAudit(tx, orgId, { userId: actor.user.id, action: PERSON_AUDIT.exported, personId: id });
    const contacts = await repo.listContacts(tx, orgId, id, {});
    const audit = await repo.auditOfPerson(tx, orgId, id);
    const recruited = await repo.countRecruited(tx, orgId, id);
    const otherRecords: Record<string, Record<string, unknown>[]> = {};
    for (const ref of await repo.tablesReferencingPeople(tx)) {
      const rows = await repo.rowsReferencingPerson(tx, orgId, ref.table_name, ref.column_name, id);
      if (rows.length > 0) (otherRecords[ref.table_name] ??= []).push(...rows);
    }
    const mentions = await findMentions(tx, orgId, await personTraces(tx, orgId, id));
    return {
      exportedAt: ctx.clock().toISOString(),
      organization: { id: orgId, name: actor.org.name },
      person,
      contacts: contacts.map(presentContact),
      accessLog: audit.map((a) => ({ action: a.action, at: a.created_at.toISOString(), by: a.user_name })),
      recruitedCount: Number(recruited.n),
      otherRecords,
      mentions,
    };
  });
}

/** The e-mails, phones and names by which the person can be recognised in free text. */
async function personTraces(tx: Tx, orgId: string, id: string): Promise<PersonTraces> {
  const row = await repo.lockPerson(tx, orgId, id);
  if (!row) throw notFound();
  const extras = await repo.extraContactsOf(tx, orgId, id);
  return tracesOf({
    id,
    firstName: row.first_name,
    lastName: row.last_name,
    emails: [row.email, ...extras.emails],
    phones: [row.mobile_e164, row.mobile_raw, row.phone_e164, row.phone_raw, ...extras.phones.flatMap((p) => [p.e164, p.raw])],
  });
}

function tagNamesPerson(tagName: string, person: { first_name: string; last_name: string; email: string | null; mobile_raw: string | null; phone_raw: string | null }) {
  const name = tagName.toLowerCase();
  return [person.first_name, person.last_name, person.email, person.mobile_raw, person.phone_raw]
    .filter((v): v is string => v !== null && v.trim().length >= 3)
    .some((v) => name.includes(v.trim().toLowerCase()));
}

/**
 * Erases a person on request (GDPR art. 17): their profile, tags (and unused tags named after
 * them), contact notes and every row of another feature that points at them (through its foreign
 * key) go; contact rows stay, cut from
 * them, so the campaign's counts hold. When they objected to being contacted, keyed hashes of their
 * phones and e-mail are kept — the only trace — so a later import never brings them back.
 */
export function erasePerson(ctx: AppContext, actor: OrgActor, id: string, input: z.output<typeof ErasureSchema>) {
  return run(ctx, actor, async (tx, orgId) => {
    const person = await lockPerson(tx, orgId, id);
    const objected = objectedToContact(person, input.objected);
    const suppressions: { kind: SuppressionKind; hash: Buffer; reason: string }[] = [];
    if (objected) {
      const extras = await repo.extraContactsOf(tx, orgId, id);
      const values: [SuppressionKind, string | null][] = [
        ['email', person.email],
        ['phone', person.mobile_e164 ?? person.mobile_raw],
        ['phone', person.phone_e164 ?? person.phone_raw],
        ...extras.emails.map((email): [SuppressionKind, string] => ['email', email]),
        ...extras.phones.map((p): [SuppressionKind, string] => ['phone', p.e164 ?? p.raw]),
      ];
      for (const [kind, value] of values) {
        const hash = value === null ? null : suppressionHash(ctx.secret, kind, value);
        if (hash !== null && !suppressions.some((s) => s.kind === kind && s.hash.equals(hash))) suppressions.push({ kind, hash, reason: 'objection' });
      }
      await repo.insertSuppressions(tx, orgId, suppressions);
    }
    const tags = await repo.tagsOfPerson(tx, orgId, id);
    const anonymised = await repo.anonymiseContacts(tx, orgId, id);
    const mentions = await eraseMentions(tx, orgId, await personTraces(tx, orgId, id));
    await removePersonRow(tx, orgId, id);
    // A tag named after them ("Famille Dupont") that no one else carries would still name them.
    await repo.deleteUnusedTags(tx, orgId, tags.filter((t) => tagNamesPerson(t.name, person)).map((t) => t.id));
    const result = { erased: true as const, suppressions: suppressions.length, anonymisedContacts: Number(anonymised.numUpdatedRows) };
    await repo.insertAudit(tx, orgId, { userId: actor.user.id, action: PERSON_AUDIT.erased, personId: id, details: { objected, ...result, mentions } });
    return result;
  });
}
