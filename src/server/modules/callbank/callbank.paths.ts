import type { CollectedAction } from '../../../shared/scripts/script.walker.js';
import type { Tx } from '../../platform/db/database.js';
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
    const step = await tx
      .selectFrom('path_steps')
      .select('id')
      .where('org_id', '=', orgId)
      .where('path_id', '=', pathId)
      .where('key', '=', intent.key)
      .executeTakeFirst();
    return step ? { stepId: step.id } : null;
  }
  const reason = await tx
    .selectFrom('path_reasons')
    .select('id')
    .where('org_id', '=', orgId)
    .where('path_id', '=', pathId)
    .where('kind', '=', intent.kind === 'complete' ? 'completion' : 'abandon')
    .where('key', '=', intent.key)
    .executeTakeFirst();
  if (!reason) return null;
  return intent.kind === 'complete' ? { complete: { reasonId: reason.id } } : { abandon: { reasonId: reason.id } };
}

// The paths module (movePersonOnPath) is wired in here.
async function movePerson(_tx: Tx, _orgId: string, _pathId: string, _target: PathMoveTarget, _move: CallMove): Promise<void> {}
