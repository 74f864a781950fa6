import fc from 'fast-check';
import type { FilterablePerson, FilterGroup, FilterNode, Criterion, PathMembership } from '../../../shared/people/filter.js';
import type { SupportLevel } from '../../../shared/people/support-level.js';
import type { Capability } from '../../../shared/auth/capabilities.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';

/** Test data for the lists module: random people, random filters, and an actor. */

export type PersonSeed = Omit<FilterablePerson, 'id' | 'tagIds' | 'recruiterId' | 'paths'> & {
  tagIndexes: number[];
  recruiterIndex: number | null;
  /** Where they are on each of the PATHS paths: a step index while active, a reason index once finished. */
  pathSeeds: { path: number; status: PathMembership['status']; index: number }[];
};

/** A path of the test organization: its id, step ids and reason ids (completion then abandon). */
export interface SeededPath {
  id: string;
  stepIds: string[];
  completionIds: string[];
  abandonIds: string[];
}

// Small pools, so that random filters and random people meet often, and the same instants on
// both sides, so that >= against > mistakes show.
export const INSTANTS = ['2024-01-01T00:00:00.000Z', '2024-03-15T08:30:00.000Z', '2024-06-01T12:00:00.000Z', '2024-09-30T23:59:59.999Z', '2025-01-01T00:00:00.000Z'];
export const COMMUNES = ['75056', '69123', '2A004'];
export const STATIONS = ['0001', '0002', '0003'];
export const CONSTITUENCIES = ['7501', '6901'];
export const MOBILES = ['+33612345678', '+33698765432', '+33611112222', '+262692123456'];
export const LANDLINES = ['+33145678901', '+33299887766'];
export const TAG_COUNT = 6;
export const PATHS = 2;
const STEPS = 3;
const REASONS = 2;

const nameChars = fc.constantFrom(...'aeiloudnrsÉéèÀçñ-\' %_\\|'.split(''));
const nameArb = fc.oneof(
  fc.constantFrom('Jean', 'Hélène', 'Émilie', 'Zoé', 'Marc-André', 'Ñuñez', "O'Brien", 'DUPONT', 'Dupont', 'Lefèvre', ''),
  fc.string({ unit: nameChars, maxLength: 8 }),
);
const instantArb = fc.oneof(fc.constantFrom(...INSTANTS), fc.date({ min: new Date('2023-06-01'), max: new Date('2025-06-01'), noInvalidDate: true }).map((d) => d.toISOString()));

export const personSeedArb = (count: number): fc.Arbitrary<PersonSeed> =>
  fc.record({
    firstName: nameArb,
    lastName: nameArb,
    email: fc.oneof(fc.constant(null), fc.constant(''), fc.tuple(nameArb, fc.constantFrom('Example.fr', 'mail.test')).map(([n, d]) => `${n.replace(/[^a-zA-Z]/g, '') || 'x'}@${d}`)),
    mobileE164: fc.option(fc.constantFrom(...MOBILES)),
    mobileValid: fc.boolean(),
    phoneE164: fc.option(fc.constantFrom(...LANDLINES)),
    phoneValid: fc.boolean(),
    communeCode: fc.option(fc.constantFrom(...COMMUNES)),
    pollingStationCode: fc.option(fc.constantFrom(...STATIONS)),
    constituencyCode: fc.option(fc.constantFrom(...CONSTITUENCIES)),
    supportLevel: fc.option(fc.constantFrom<SupportLevel>(1, 2, 3, 4, 5)),
    isVolunteer: fc.boolean(),
    doNotCall: fc.boolean(),
    doNotEmail: fc.boolean(),
    doNotText: fc.boolean(),
    createdAt: instantArb,
    lastContactedAt: fc.option(instantArb),
    tagIndexes: fc.uniqueArray(fc.nat(TAG_COUNT - 1), { maxLength: 3 }),
    recruiterIndex: fc.option(fc.nat(count - 1), { freq: 3 }),
    // Additional contacts from the same pools, so a search or a has-phone filter may match through them only.
    extraEmails: fc.uniqueArray(fc.constantFrom('Jean.Travail@Bureau.fr', 'helene@mail.test', 'dupont.pro@example.fr', 'zoe+asso@asso.test'), { maxLength: 2 }),
    extraPhones: fc.uniqueArray(
      fc.oneof(
        fc.constantFrom(...MOBILES).map((e164) => ({ kind: 'mobile' as const, e164, valid: true })),
        fc.constantFrom(...LANDLINES).map((e164) => ({ kind: 'landline' as const, e164, valid: true })),
        fc.constant({ kind: 'mobile' as const, e164: null, valid: false }),
      ),
      { maxLength: 2, selector: (x) => x.e164 ?? 'invalid' },
    ),
    pathSeeds: fc
      .uniqueArray(fc.record({ path: fc.nat(PATHS - 1), status: fc.constantFrom('active' as const, 'active' as const, 'completed' as const, 'abandoned' as const), index: fc.nat(STEPS - 1) }), {
        maxLength: PATHS,
        selector: (m) => m.path,
      }),
  }).map(withPrimarySlots);

/**
 * What the people module guarantees (fillPrimarySlots): an additional e-mail means a primary one,
 * a valid additional mobile a valid primary mobile, any valid additional number a valid primary.
 */
function withPrimarySlots(seed: PersonSeed): PersonSeed {
  const fixed = { ...seed };
  const valid = (fixed.extraPhones ?? []).filter((x) => x.valid);
  if ((fixed.extraEmails ?? []).length > 0 && (fixed.email === null || fixed.email === '')) fixed.email = 'primaire@mail.test';
  if (!fixed.mobileValid && valid.some((x) => x.kind === 'mobile')) fixed.mobileValid = true;
  if (!fixed.mobileValid && !fixed.phoneValid && valid.length > 0) fixed.phoneValid = true;
  return fixed;
}

async function insertPaths(tx: Parameters<Parameters<typeof inOrg>[2]>[0], orgId: string): Promise<SeededPath[]> {
  const paths: SeededPath[] = [];
  for (let i = 0; i < PATHS; i++) {
    const path = await tx.insertInto('paths').values({ org_id: orgId, name: `Parcours ${i}` }).returning('id').executeTakeFirstOrThrow();
    const steps = await tx
      .insertInto('path_steps')
      .values(Array.from({ length: STEPS }, (_, position) => ({ org_id: orgId, path_id: path.id, position, name: `Étape ${position}` })))
      .returning('id')
      .execute();
    const reasons = async (kind: 'completion' | 'abandon') =>
      (
        await tx
          .insertInto('path_reasons')
          .values(Array.from({ length: REASONS }, (_, position) => ({ org_id: orgId, path_id: path.id, kind, position, label: `${kind} ${position}` })))
          .returning('id')
          .execute()
      ).map((r) => r.id);
    paths.push({ id: path.id, stepIds: steps.map((r) => r.id), completionIds: await reasons('completion'), abandonIds: await reasons('abandon') });
  }
  return paths;
}

/** Inserts the seeds as people of the organization, with tags and recruiters; returns them as the filter sees them. */
export async function insertPeople(
  ctx: AppContext,
  orgId: string,
  seeds: readonly PersonSeed[],
): Promise<{ people: FilterablePerson[]; tagIds: string[]; paths: SeededPath[] }> {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const paths = await insertPaths(tx, orgId);
    const tags = await tx
      .insertInto('tags')
      .values(Array.from({ length: TAG_COUNT }, (_, i) => ({ org_id: orgId, name: `tag-${i}-${Math.random().toString(36).slice(2, 8)}` })))
      .returning('id')
      .execute();
    const tagIds = tags.map((t) => t.id);
    if (seeds.length === 0) return { people: [], tagIds, paths };
    const rows = await tx
      .insertInto('people')
      .values(
        seeds.map((s) => ({
          org_id: orgId,
          first_name: s.firstName,
          last_name: s.lastName,
          email: s.email,
          mobile_e164: s.mobileE164,
          mobile_valid: s.mobileValid,
          phone_e164: s.phoneE164,
          phone_valid: s.phoneValid,
          commune_code: s.communeCode,
          polling_station_code: s.pollingStationCode,
          constituency_code: s.constituencyCode,
          support_level: s.supportLevel,
          is_volunteer: s.isVolunteer,
          do_not_call: s.doNotCall,
          do_not_email: s.doNotEmail,
          do_not_text: s.doNotText,
          legal_basis: 'consent' as const,
          custom_fields: {},
          created_at: new Date(s.createdAt),
          updated_at: new Date(s.createdAt),
          last_contacted_at: s.lastContactedAt === null ? null : new Date(s.lastContactedAt),
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    const people: FilterablePerson[] = [];
    for (const [i, s] of seeds.entries()) {
      const id = ids[i]!;
      const recruiterId = s.recruiterIndex === null ? null : (ids[s.recruiterIndex % ids.length] ?? null);
      if (recruiterId !== null) await tx.updateTable('people').set({ recruiter_id: recruiterId }).where('org_id', '=', orgId).where('id', '=', id).execute();
      const personTagIds = s.tagIndexes.map((t) => tagIds[t]!);
      if (personTagIds.length > 0) {
        await tx
          .insertInto('person_tags')
          .values(personTagIds.map((tagId) => ({ org_id: orgId, tag_id: tagId, person_id: id })))
          .execute();
      }
      const memberships: PathMembership[] = s.pathSeeds.map((m) => {
        const path = paths[m.path]!;
        if (m.status === 'active') return { pathId: path.id, status: 'active', stepId: path.stepIds[m.index % STEPS]!, reasonId: null };
        const reasons = m.status === 'completed' ? path.completionIds : path.abandonIds;
        return { pathId: path.id, status: m.status, stepId: null, reasonId: reasons[m.index % REASONS]! };
      });
      if (memberships.length > 0) {
        await tx
          .insertInto('path_people')
          .values(
            memberships.map((m) => ({
              org_id: orgId,
              path_id: m.pathId,
              person_id: id,
              status: m.status,
              step_id: m.stepId,
              reason_id: m.reasonId,
              finished_at: m.status === 'active' ? null : new Date(s.createdAt),
            })),
          )
          .execute();
      }
      if (s.extraEmails && s.extraEmails.length > 0) {
        await tx.insertInto('person_emails').values(s.extraEmails.map((email) => ({ org_id: orgId, person_id: id, email }))).execute();
      }
      if (s.extraPhones && s.extraPhones.length > 0) {
        await tx
          .insertInto('person_phones')
          .values(s.extraPhones.map((x) => ({ org_id: orgId, person_id: id, kind: x.kind, e164: x.e164, raw: x.e164 ?? '06 12', valid: x.valid })))
          .execute();
      }
      const { tagIndexes: _t, recruiterIndex: _r, pathSeeds: _p, ...fields } = s;
      people.push({ ...fields, id, tagIds: personTagIds, recruiterId, paths: memberships });
    }
    return { people, tagIds, paths };
  });
}

/** Random filters over the pools above, nested up to three groups deep. */
export function filterArb(tagIds: readonly string[], personIds: readonly string[], paths: readonly SeededPath[] = []): fc.Arbitrary<FilterGroup> {
  const someOf = <T>(pool: readonly T[]) => fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: pool.length });
  const bound = fc.option(fc.constantFrom(...INSTANTS), { nil: undefined });
  const pathCriteria: fc.Arbitrary<Criterion>[] = paths.length === 0 ? [] : [
    fc.constantFrom(...paths).chain((path) =>
      fc.oneof(
        fc.constant<Criterion>({ type: 'path', pathId: path.id }),
        fc.record({ type: fc.constant('path' as const), pathId: fc.constant(path.id), status: fc.constantFrom('active' as const, 'completed' as const, 'abandoned' as const) }),
        fc.record({ type: fc.constant('path' as const), pathId: fc.constant(path.id), status: fc.constant('active' as const), stepIds: someOf(path.stepIds) }),
        // Reasons of either kind with either status: a completion reason never matches "abandoned".
        fc.record(
          {
            type: fc.constant('path' as const),
            pathId: fc.constant(path.id),
            status: fc.option(fc.constantFrom('completed' as const, 'abandoned' as const), { nil: undefined }),
            reasonIds: someOf([...path.completionIds, ...path.abandonIds]),
          },
          { requiredKeys: ['type', 'pathId', 'reasonIds'] },
        ),
        // Steps without a status: the step of an active membership.
        fc.record({ type: fc.constant('path' as const), pathId: fc.constant(path.id), stepIds: someOf(path.stepIds) }),
      ),
    ),
  ];
  const criterion: fc.Arbitrary<Criterion> = fc.oneof(
    ...pathCriteria,
    fc.record({ type: fc.constant('tags' as const), match: fc.constantFrom('any' as const, 'all' as const, 'none' as const), tagIds: someOf(tagIds) }),
    fc.record({ type: fc.constant('supportLevel' as const), levels: someOf([1, 2, 3, 4, 5, 'unknown'] as const) }),
    fc.record({ type: fc.constant('commune' as const), codes: someOf([...COMMUNES, '13055']) }),
    fc.record({ type: fc.constant('pollingStation' as const), codes: someOf(STATIONS) }),
    fc.record({ type: fc.constant('constituency' as const), codes: someOf(CONSTITUENCIES) }),
    fc.record({ type: fc.constant('hasMobile' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('hasPhone' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('hasEmail' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('flag' as const), flag: fc.constantFrom('doNotCall' as const, 'doNotEmail' as const, 'doNotText' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('volunteer' as const), value: fc.boolean() }),
    fc.record({ type: fc.constant('recruiter' as const), personIds: fc.uniqueArray(fc.constantFrom(...personIds), { minLength: 1, maxLength: 5 }) }),
    fc.record({ type: fc.constant('created' as const), after: bound, before: bound }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('lastContacted' as const), after: bound, before: bound, never: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['type'] }),
    fc.record({
      type: fc.constant('search' as const),
      text: fc.oneof(
        fc.constantFrom('jean', 'HÉLÈNE', 'dup', 'dupont jean', 'lefe', "o'b", '%', '_', '\\', '|', 'e', 'ee', 'example.fr', '@mail', '06 12 34 56 78', '0612', '+33 6', '5678', '0692 12 34 56', '01 45', '2222'),
        fc.string({ unit: nameChars, minLength: 1, maxLength: 4 }).filter((s) => s.trim() !== ''),
      ),
    }),
  );
  const tree = fc.letrec<{ group: FilterGroup; node: FilterNode }>((tie) => ({
    group: fc.record({ op: fc.constantFrom('and' as const, 'or' as const), children: fc.array(tie('node'), { maxLength: 4 }) }),
    node: fc.oneof({ depthSize: 'small', maxDepth: 3 }, criterion, tie('group')),
  }));
  return tree.group;
}

/** An organizer acting in the organization, for service calls in tests. */
export function actorFor(org: { id: string; slug: string }, userId: string, capabilities: readonly Capability[]): OrgActor {
  return {
    user: { id: userId, email: 'organizer@example.test', name: 'Camille', hasPassword: true },
    session: null,
    org: { id: org.id, slug: org.slug, name: org.slug, timeZone: 'Europe/Paris', permissionSet: 'organizer', capabilities: new Set(capabilities) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
}
