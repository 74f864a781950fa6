import { sql } from 'kysely';
import type { Locale } from '../../../shared/i18n/locales.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { createKeyedPath, enterPathUnlessActive, enteringFirstStepUnlessActive, findFirstPathStep } from '../paths/index.js';
import { newRecruiterToken } from './events.people.js';

/** The default recruitment path, made with an organization's first recruit if it chose none. */
export const RECRUITMENT_PATH: Record<
  Locale,
  { name: string; description: string; steps: { key: string; name: string }[]; reasons: { kind: 'completion' | 'abandon'; key: string; label: string }[] }
> = {
  fr: {
    name: 'Recrutement',
    description: 'Les personnes qui veulent s’engager, de l’appel de bienvenue à l’action régulière.',
    steps: [
      { key: 'to_welcome', name: 'À accueillir' },
      { key: 'welcomed', name: 'Appel de bienvenue fait' },
      { key: 'first_action', name: 'Première action' },
      { key: 'regular', name: 'Bénévole régulier' },
    ],
    reasons: [
      { kind: 'completion', key: 'active_volunteer', label: 'Bénévole actif' },
      { kind: 'completion', key: 'became_host', label: 'Devenu hôte d’événements' },
      { kind: 'abandon', key: 'not_available', label: 'Pas disponible' },
      { kind: 'abandon', key: 'no_longer_interested', label: 'Plus intéressé' },
      { kind: 'abandon', key: 'unreachable', label: 'Injoignable' },
    ],
  },
  en: {
    name: 'Recruitment',
    description: 'People who want to get involved, from the welcome call to regular action.',
    steps: [
      { key: 'to_welcome', name: 'To welcome' },
      { key: 'welcomed', name: 'Welcome call done' },
      { key: 'first_action', name: 'First action' },
      { key: 'regular', name: 'Regular volunteer' },
    ],
    reasons: [
      { kind: 'completion', key: 'active_volunteer', label: 'Active volunteer' },
      { kind: 'completion', key: 'became_host', label: 'Became an event host' },
      { kind: 'abandon', key: 'not_available', label: 'Not available' },
      { kind: 'abandon', key: 'no_longer_interested', label: 'No longer interested' },
      { kind: 'abandon', key: 'unreachable', label: 'Unreachable' },
    ],
  },
};

async function chosenPath(tx: Tx, orgId: string, lock: boolean) {
  const query = tx.selectFrom('volunteer_settings').select('recruitment_path_id').where('org_id', '=', orgId);
  return (await (lock ? query.forUpdate() : query).executeTakeFirst())?.recruitment_path_id ?? null;
}

/**
 * The organization's recruitment path, made (and recorded as chosen) the first time it is needed.
 * Two recruits saved at once wait on the settings row, so only one default path is ever made.
 */
export async function ensureRecruitmentPath(tx: Tx, orgId: string, now: Date): Promise<string> {
  const chosen = await chosenPath(tx, orgId, false);
  if (chosen) return chosen;
  await tx.insertInto('volunteer_settings').values({ org_id: orgId, recruitment_path_id: null }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
  const locked = await chosenPath(tx, orgId, true);
  if (locked) return locked;
  const org = await tx.selectFrom('organizations').select('locale').where('id', '=', orgId).executeTakeFirst();
  const template = RECRUITMENT_PATH[org?.locale ?? 'fr'];
  const { id } = await createKeyedPath(tx, orgId, { ...template, userId: null, now });
  await tx.updateTable('volunteer_settings').set({ recruitment_path_id: id, updated_at: now }).where('org_id', '=', orgId).execute();
  return id;
}

/** Whether a call's answers include "interested in volunteering". */
export function recruitsVolunteer(actions: readonly { action: { type: string } }[]): boolean {
  return actions.some((a) => a.action.type === 'volunteer_interest');
}

/**
 * What a recruit from a call changes on the person, as SET assignments for the statement that
 * saves the call (one update of the person, not two: each rewrites every index of people): they
 * become a volunteer, recruited by the caller's own person (found by their account's e-mail)
 * unless somebody recruited them before.
 *
 * @example
 * sql`UPDATE people SET ${volunteerAssignments(orgId, personId, callerId)} updated_at = now() WHERE …`
 */
export function volunteerAssignments(orgId: string, personId: string, callerId: string) {
  return sql`is_volunteer = true,
             recruiter_id = coalesce(recruiter_id, (
               SELECT r.id FROM people r
                WHERE r.org_id = ${orgId} AND r.id <> ${personId}::bigint
                  AND r.email_normalized = (SELECT u.email_normalized FROM users u WHERE u.id = ${callerId}::uuid)
                ORDER BY r.id LIMIT 1)),`;
}

/**
 * The rest of what a call's "interested in volunteering" action does, inside the transaction
 * saving the call, after that statement applied `volunteerAssignments`: the person gets their own
 * recruiter link and joins the recruitment path at its first step — or back at it if they had
 * left it; someone already on it stays where they are. Returns the path, or null when the call
 * had no such action.
 *
 * @example
 * await recordVolunteerActionsOfCall(tx, orgId, { personId, callId, callerId, actions: walk.actions, now });
 */
export async function recordVolunteerActionsOfCall(
  tx: Tx,
  orgId: string,
  call: { personId: string; callId: string; callerId: string; actions: readonly { action: { type: string } }[]; now: Date },
): Promise<{ pathId: string } | null> {
  if (!recruitsVolunteer(call.actions)) return null;
  // One statement: the recruiter link, and the person at the first step of the path the
  // organization chose unless they are active on it. The first recruit of an organization that
  // chose no path makes the default one (ensureRecruitmentPath), then joins it.
  const entering = { personId: call.personId, byUserId: call.callerId, callId: call.callId, at: call.now };
  const chosen = sql`(SELECT vs.recruitment_path_id FROM volunteer_settings vs WHERE vs.org_id = ${orgId})`;
  const { rows } = await sql<{ path_id: string | null }>`
    WITH link AS (
      INSERT INTO recruiter_links (org_id, person_id, token) VALUES (${orgId}, ${call.personId}::bigint, ${newRecruiterToken()})
      ON CONFLICT (org_id, person_id) DO NOTHING
    ),
    ${enteringFirstStepUnlessActive(orgId, chosen, entering)}
    SELECT path_id::text FROM place`.execute(tx);
  const pathId = rows[0]?.path_id;
  if (pathId) return { pathId };
  const made = await ensureRecruitmentPath(tx, orgId, call.now);
  const firstStep = await findFirstPathStep(tx, orgId, made);
  if (firstStep) await enterPathUnlessActive(tx, orgId, { ...entering, pathId: made, stepId: firstStep.id });
  return { pathId: made };
}

async function presentChoice(tx: Tx, orgId: string) {
  const pathId = await chosenPath(tx, orgId, false);
  if (!pathId) return { pathId: null, pathName: null };
  const path = await tx.selectFrom('paths').select('name').where('org_id', '=', orgId).where('id', '=', pathId).executeTakeFirst();
  return { pathId, pathName: path?.name ?? null };
}

/** The recruitment path the organization chose (or had made for it). */
export function getRecruitmentPath(ctx: AppContext, actor: OrgActor) {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => presentChoice(tx, actor.org.id));
}

/** Chooses which path recruits from calls join; null goes back to the default path (made when needed). */
export function setRecruitmentPath(ctx: AppContext, actor: OrgActor, pathId: string | null) {
  const orgId = actor.org.id;
  return inOrg(ctx.database.db, { orgId, userId: actor.user.id }, async (tx) => {
    if (pathId) {
      const path = await tx.selectFrom('paths').select('id').where('org_id', '=', orgId).where('id', '=', pathId).executeTakeFirst();
      if (!path) throw new AppError('validation_failed', { fields: [{ path: 'pathId', message: 'validation:call_path_unknown' }] });
      if (!(await findFirstPathStep(tx, orgId, pathId))) throw new AppError('validation_failed', { fields: [{ path: 'pathId', message: 'validation:call_path_unknown' }] });
    }
    await tx
      .insertInto('volunteer_settings')
      .values({ org_id: orgId, recruitment_path_id: pathId, updated_by: actor.user.id, updated_at: ctx.clock() })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ recruitment_path_id: pathId, updated_by: actor.user.id, updated_at: ctx.clock() }))
      .execute();
    return presentChoice(tx, orgId);
  });
}
