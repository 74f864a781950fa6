import type { CollectedAction } from '../../../shared/scripts/script.walker.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { findPathReasonByKey, findPathStepByKey, movePersonOnPath } from '../paths/index.js';
import type { PathIntent } from './callbank.policy.js';

/** Who moves, because of which call. */
export interface CallMove {
  personId: string;
  callId: string;
  userId: string;
  now: Date;
}

/** A move on a path by ids, as the paths module takes it. */
export type PathMoveTarget = { stepId: string } | { complete: { reasonId: string } } | { abandon: { reasonId: string } };

/**
 * Applies the script's own path moves (choices with a `path_move` action); says whether one of them
 * moved the person on the campaign's path, in which case the automatic outcome move is skipped.
 */
export async function applyScriptPathMove(tx: Tx, orgId: string, actions: readonly CollectedAction[], move: CallMove, campaignPathId: string | null): Promise<boolean> {
  let movedCampaignPath = false;
  for (const { action } of actions) {
    if (action.type !== 'path_move') continue;
    if (!/^\d{1,18}$/.test(action.pathId)) {
      // A script written before its campaign's path existed (the shipped examples) names the path,
      // step and reasons by key: they mean the campaign's own path, found by those keys.
      if (!campaignPathId) continue;
      const key = (k: string) => k.replace(/-/g, '_');
      const intent: PathIntent | null = action.complete
        ? { kind: 'complete', key: key(action.complete.reasonId) }
        : action.abandon
          ? { kind: 'abandon', key: key(action.abandon.reasonId) }
          : action.stepId
            ? { kind: 'step', key: key(action.stepId) }
            : null;
      if (!intent) continue;
      const target = await resolveIntent(tx, orgId, campaignPathId, intent);
      if (target) {
        await movePerson(tx, orgId, campaignPathId, target, move);
        movedCampaignPath = true;
      }
      continue;
    }
    const target: PathMoveTarget | null = action.complete
      ? { complete: action.complete }
      : action.abandon
        ? { abandon: action.abandon }
        : action.stepId
          ? { stepId: action.stepId }
          : null;
    if (!target) continue;
    await movePerson(tx, orgId, action.pathId, target, move);
    if (action.pathId === campaignPathId) movedCampaignPath = true;
  }
  return movedCampaignPath;
}

/** Applies the automatic move of an outcome, by step or reason key; a path without that key is left alone. */
export async function applyPathIntent(tx: Tx, orgId: string, pathId: string, intent: PathIntent, move: CallMove): Promise<void> {
  const target = await resolveIntent(tx, orgId, pathId, intent);
  if (target) await movePerson(tx, orgId, pathId, target, move);
}

async function resolveIntent(tx: Tx, orgId: string, pathId: string, intent: PathIntent): Promise<PathMoveTarget | null> {
  if (intent.kind === 'step') {
    const step = await findPathStepByKey(tx, orgId, pathId, intent.key);
    return step ? { stepId: step.id } : null;
  }
  const reason = await findPathReasonByKey(tx, orgId, pathId, intent.key);
  if (!reason || reason.kind !== (intent.kind === 'complete' ? 'completion' : 'abandon')) return null;
  return intent.kind === 'complete' ? { complete: { reasonId: reason.id } } : { abandon: { reasonId: reason.id } };
}

/**
 * Moves the person with the paths module, in the call's transaction. A script pointing at a path,
 * step or reason deleted since it was published is skipped rather than failing the call: the call
 * and its answers matter more than the journey (the paths module refuses before writing anything).
 */
async function movePerson(tx: Tx, orgId: string, pathId: string, target: PathMoveTarget, move: CallMove): Promise<void> {
  try {
    await movePersonOnPath(tx, orgId, { personId: move.personId, pathId, ...target, byUserId: move.userId, callId: move.callId, at: move.now });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}
