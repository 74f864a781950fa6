import type { OutcomeInput } from '../../../shared/contracts/callbank.js';
import type { FieldError } from '../../../shared/errors.js';
import { walkScript, type CollectedAction, type WalkError } from '../../../shared/scripts/script.walker.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, inOrgThen, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordVolunteerActionsOfCall, recruitsVolunteer, volunteerAssignments } from '../events/index.js';
import { recordProxyActionsOfCall } from '../proxies/index.js';
import { CLAIM_SCOPE, claimNextIn } from './callbank.claim.js';
import { applyPathIntent, applyScriptPathMove } from './callbank.paths.js';
import { CONTACT_STATUS, pathIntentFor, supportLevelOf, targetAfterCall } from './callbank.policy.js';
import * as repo from './callbank.repository.js';
import { loadPublishedScript } from './callbank.scripts.js';

// Tags a call's "interested in…" actions leave on the person, for organizers to filter on (the
// proxies module also creates the request or offer itself, in the same transaction).
const INTEREST_TAGS = {
  volunteer_interest: 'Intérêt bénévolat',
  proxy_need: 'Besoin de procuration',
  proxy_offer: 'Offre de procuration',
} as const;

const WALK_MESSAGES: Record<WalkError['code'], string> = {
  unknown_question: 'validation:call_answer_unknown_question',
  unknown_choice: 'validation:call_answer_unknown_choice',
  question_not_on_path: 'validation:call_answer_not_on_path',
  required_unanswered: 'validation:call_answer_required',
  loop: 'validation:call_answer_loop',
  unknown_section: 'validation:call_answer_unknown_question',
};

/**
 * Saves what happened on a call, all or nothing: the call itself (with the answers, checked against
 * the script version the caller followed), the script's actions on the person (support level, tags,
 * do-not-call, interests, path moves), the target's next state (done, retry, callback, exhausted),
 * a contact-history row, and the automatic path move. Saving the same call id twice stores it once.
 *
 * @example
 * await recordOutcome(ctx, actor, campaignId, targetId, { callId: crypto.randomUUID(), outcome: 'talked', answers: { 'q-talk': 'yes' } });
 */
export function recordOutcome(ctx: AppContext, actor: OrgActor, campaignId: string, targetId: string, input: OutcomeInput) {
  return inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => recordOutcomeIn(ctx, tx, actor, campaignId, targetId, input));
}

async function recordOutcomeIn(ctx: AppContext, tx: Tx, actor: OrgActor, campaignId: string, targetId: string, input: OutcomeInput) {
  const orgId = actor.org.id;
  const userId = actor.user.id;
  const now = ctx.clock();
  // Lock the target first: a retry racing its first try waits here, then finds the stored call.
  const target = await repo.lockTargetForOutcome(tx, orgId, campaignId, targetId);
  // Only the caller holding the target may save it; for anyone else it does not exist.
  if (!target || target.status !== 'claimed' || target.claimed_by !== userId) {
    // A new statement sees a first try committed while we waited: answer it as a retry.
    const previous = await repo.findCallByClientId(tx, orgId, input.callId);
    if (!previous) throw notFound();
    if (previous.caller_id !== userId || previous.target_id !== targetId) throw new AppError('conflict');
    return { callId: input.callId, targetStatus: target?.status ?? 'done', duplicate: true, myCalls: await repo.countCallerCalls(tx, orgId, campaignId, userId) };
  }

  const callbackAt = input.callbackAt ? new Date(input.callbackAt) : null;
  if (input.outcome === 'callback' && (!callbackAt || callbackAt.getTime() <= now.getTime())) {
    throw new AppError('validation_failed', { fields: [{ path: 'callbackAt', message: 'validation:call_callback_time' }] });
  }
  const script = await loadPublishedScript(tx, orgId, target.script_version_id);
  if (!script) throw new AppError('conflict', { detail: 'campaign script version missing' });
  const walk = walkScript(script.document, input.answers);
  if (walk.errors.length > 0) {
    const fields: FieldError[] = walk.errors.map((e) => ({ path: `answers.${e.questionId ?? e.sectionId ?? ''}`, message: WALK_MESSAGES[e.code] }));
    throw new AppError('validation_failed', { fields });
  }

  const after = targetAfterCall(input.outcome, {
    attempts: target.attempts,
    maxAttempts: target.max_attempts,
    retryDelayMinutes: target.retry_delay_minutes,
    now,
    callbackAt,
  });
  const effects = personEffects(walk.actions, input.outcome === 'do_not_call');
  const notes = input.notes?.trim() || null;
  const written = await repo.writeOutcome(tx, {
    orgId,
    clientCallId: input.callId,
    campaignId,
    targetId,
    personId: target.person_id,
    callerId: userId,
    scriptVersionId: target.script_version_id,
    scriptId: script.scriptId,
    outcome: input.outcome,
    answers: input.answers,
    notes,
    startedAt: input.startedAt ? new Date(input.startedAt) : null,
    callbackAt,
    now,
    target: after,
    contactStatus: CONTACT_STATUS[input.outcome],
    supportLevel: effects.supportLevel,
    doNotCall: effects.doNotCall,
    addTags: effects.addTags,
    removeTags: effects.removeTags,
    personAssignments: recruitsVolunteer(walk.actions) ? volunteerAssignments(orgId, target.person_id, userId) : null,
  });
  // The same call id already stored for another target: a client bug, never a silent overwrite.
  if (!written.callId) throw new AppError('conflict');
  // A tag name used for the first time: create it, then tag.
  if (written.missingTags) await repo.addTagsByName(tx, orgId, target.person_id, effects.addTags);
  await recordProxyActionsOfCall(tx, orgId, { personId: target.person_id, campaignId, callId: written.callId, actions: walk.actions, now });
  await recordVolunteerActionsOfCall(tx, orgId, { personId: target.person_id, callId: written.callId, callerId: userId, actions: walk.actions, now });
  const move = { personId: target.person_id, callId: written.callId, userId, now };
  const scriptMovedCampaignPath = await applyScriptPathMove(tx, orgId, walk.actions, move, target.path_id);
  if (target.path_id && !scriptMovedCampaignPath) {
    await applyPathIntent(tx, orgId, target.path_id, pathIntentFor(input.outcome, after, walk.actions), move);
  }
  return { callId: input.callId, targetStatus: after.status, duplicate: false, myCalls: written.myCalls };
}

/**
 * Saves a call, then (with `next`) hands out the next person in the same request: the caller's
 * screen gets them with the save's answer instead of a second request. Two transactions, as two
 * requests would be: the saved call stands even if the hand-out fails, and then `next` is left
 * out so the screen asks for the next person itself (and shows why it cannot have one).
 *
 * @example
 * const saved = await recordOutcomeAndNext(ctx, actor, campaignId, targetId, { callId, outcome: 'talked', answers, next: true });
 * if (saved.next?.status === 'claimed') show(saved.next.claim);
 */
export async function recordOutcomeAndNext(ctx: AppContext, actor: OrgActor, campaignId: string, targetId: string, input: OutcomeInput) {
  if (!input.next) return recordOutcome(ctx, actor, campaignId, targetId, input);
  // One connection, the save's COMMIT and the claim's BEGIN in one round trip.
  const { first: saved, second: next } = await inOrgThen(
    ctx.database.db,
    { orgId: actor.org.id, userId: actor.user.id },
    (tx) => recordOutcomeIn(ctx, tx, actor, campaignId, targetId, input),
    CLAIM_SCOPE,
    (tx) => claimNextIn(ctx, tx, actor, campaignId),
  );
  if (next.ok) return { ...saved, next: next.value };
  ctx.log?.warn({ err: next.error, campaignId }, 'call saved, next person not handed out');
  return saved;
}

/** What the script's actions do to the person: support level, tags, interests and do-not-call. */
function personEffects(actions: readonly CollectedAction[], outcomeDoNotCall: boolean) {
  const addTags: string[] = [];
  const removeTags: string[] = [];
  let doNotCall = outcomeDoNotCall;
  for (const { action } of actions) {
    switch (action.type) {
      case 'add_tags':
        addTags.push(...action.tags);
        break;
      case 'remove_tags':
        removeTags.push(...action.tags);
        break;
      case 'do_not_call':
        doNotCall = true;
        break;
      case 'volunteer_interest':
      case 'proxy_need':
      case 'proxy_offer':
        addTags.push(INTEREST_TAGS[action.type]);
        break;
      case 'set_support_level':
      case 'path_move':
        break;
    }
  }
  return { addTags, removeTags, doNotCall, supportLevel: supportLevelOf(actions) ?? null };
}
