import type { OutcomeInput } from '../../../shared/contracts/callbank.js';
import type { FieldError } from '../../../shared/errors.js';
import { walkScript, type CollectedAction, type WalkError } from '../../../shared/scripts/script.walker.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { applyPathIntent, applyScriptPathMove } from './callbank.paths.js';
import { CONTACT_STATUS, pathIntentFor, supportLevelOf, targetAfterCall } from './callbank.policy.js';
import * as repo from './callbank.repository.js';
import { loadPublishedScript } from './callbank.scripts.js';

// Tags a call's "interested in…" actions leave on the person, for organizers to filter on (the
// proxies and events modules pick these people up from there).
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
export async function recordOutcome(ctx: AppContext, actor: OrgActor, campaignId: string, targetId: string, input: OutcomeInput) {
  const orgId = actor.org.id;
  const userId = actor.user.id;
  const now = ctx.clock();
  return inOrg(ctx.database.db, { orgId, userId }, async (tx) => {
    const campaign = await repo.findCampaign(tx, orgId, campaignId);
    if (!campaign) throw notFound();
    // Lock the target first: a retry racing its first try waits here, then sees the stored call.
    const target = await repo.lockTarget(tx, orgId, campaignId, targetId);
    const previous = await repo.findCallByClientId(tx, orgId, input.callId);
    if (previous) {
      if (previous.caller_id !== userId || previous.target_id !== targetId) throw new AppError('conflict');
      return { callId: input.callId, targetStatus: target?.status ?? 'done', duplicate: true, myCalls: await repo.countCallerCalls(tx, orgId, campaignId, userId) };
    }
    // Only the caller holding the target may save it; for anyone else it does not exist.
    if (!target || target.status !== 'claimed' || target.claimed_by !== userId) throw notFound();

    const callbackAt = input.callbackAt ? new Date(input.callbackAt) : null;
    if (input.outcome === 'callback' && (!callbackAt || callbackAt.getTime() <= now.getTime())) {
      throw new AppError('validation_failed', { fields: [{ path: 'callbackAt', message: 'validation:call_callback_time' }] });
    }
    const script = await loadPublishedScript(tx, orgId, campaign.script_version_id);
    if (!script) throw new AppError('conflict', { detail: 'campaign script version missing' });
    const walk = walkScript(script.document, input.answers);
    if (walk.errors.length > 0) {
      const fields: FieldError[] = walk.errors.map((e) => ({ path: `answers.${e.questionId ?? e.sectionId ?? ''}`, message: WALK_MESSAGES[e.code] }));
      throw new AppError('validation_failed', { fields });
    }

    const inserted = await repo.insertCall(tx, {
      org_id: orgId,
      client_call_id: input.callId,
      campaign_id: campaignId,
      target_id: targetId,
      person_id: target.person_id,
      caller_id: userId,
      script_version_id: campaign.script_version_id,
      outcome: input.outcome,
      answers: JSON.stringify(input.answers),
      notes: input.notes?.trim() || null,
      started_at: input.startedAt ? new Date(input.startedAt) : null,
      ended_at: now,
      callback_at: callbackAt,
    });
    if (!inserted) throw new AppError('conflict');

    const after = targetAfterCall(input.outcome, {
      attempts: target.attempts,
      maxAttempts: campaign.max_attempts,
      retryDelayMinutes: campaign.retry_delay_minutes,
      now,
      callbackAt,
    });
    await repo.updateTarget(tx, orgId, targetId, { ...after, outcome: input.outcome, now });
    await applyActions(tx, orgId, target.person_id, walk.actions, input.outcome === 'do_not_call', now);
    await repo.insertContact(tx, orgId, {
      personId: target.person_id,
      status: CONTACT_STATUS[input.outcome],
      notes: input.notes?.trim() || null,
      userId,
      at: now,
      campaignId,
      scriptId: script.scriptId,
    });
    const move = { personId: target.person_id, callId: inserted.id, userId, now };
    const scriptMovedCampaignPath = await applyScriptPathMove(tx, orgId, walk.actions, move, campaign.path_id);
    if (campaign.path_id && !scriptMovedCampaignPath) {
      await applyPathIntent(tx, orgId, campaign.path_id, pathIntentFor(input.outcome, after, walk.actions), move);
    }
    return { callId: input.callId, targetStatus: after.status, duplicate: false, myCalls: await repo.countCallerCalls(tx, orgId, campaignId, userId) };
  });
}

/** The person-side effects of a call: support level, tags, interests and do-not-call. */
async function applyActions(tx: Tx, orgId: string, personId: string, actions: readonly CollectedAction[], outcomeDoNotCall: boolean, now: Date) {
  const add: string[] = [];
  const remove: string[] = [];
  let doNotCall = outcomeDoNotCall;
  for (const { action } of actions) {
    switch (action.type) {
      case 'add_tags':
        add.push(...action.tags);
        break;
      case 'remove_tags':
        remove.push(...action.tags);
        break;
      case 'do_not_call':
        doNotCall = true;
        break;
      case 'volunteer_interest':
      case 'proxy_need':
      case 'proxy_offer':
        add.push(INTEREST_TAGS[action.type]);
        break;
      case 'set_support_level':
      case 'path_move':
        break;
    }
  }
  const supportLevel = supportLevelOf(actions);
  await repo.updatePersonAfterCall(tx, orgId, personId, { now, doNotCall, ...(supportLevel !== undefined ? { supportLevel } : {}) });
  await repo.removeTagsByName(tx, orgId, personId, remove);
  await repo.addTagsByName(tx, orgId, personId, add);
}
