import type { CallOutcomeName } from '../../../shared/contracts/callbank.js';
import type { CollectedAction } from '../../../shared/scripts/script.walker.js';
import type { CallTargetStatus, ContactStatus } from '../../platform/db/schema.js';

/** Where a target goes after an outcome: done, retried later, a callback at the chosen time, or given up. */
export interface TargetAfterCall {
  status: CallTargetStatus;
  attempts: number;
  nextAttemptAt: Date;
}

/**
 * The target's next state: a conversation, a refusal, a wrong number or a do-not-call end it; no
 * answer, voicemail or busy count an attempt and retry after the campaign's delay until its maximum
 * attempts (then exhausted); a callback waits for the time the person chose.
 *
 * @example targetAfterCall('no_answer', { attempts: 0, maxAttempts: 3, retryDelayMinutes: 60, now, callbackAt: null }).status // 'queued'
 */
export function targetAfterCall(
  outcome: CallOutcomeName,
  t: { attempts: number; maxAttempts: number; retryDelayMinutes: number; now: Date; callbackAt: Date | null },
): TargetAfterCall {
  const attempts = t.attempts + 1;
  switch (outcome) {
    case 'talked':
    case 'refused':
    case 'wrong_number':
    case 'do_not_call':
      return { status: 'done', attempts, nextAttemptAt: t.now };
    case 'callback':
      return { status: 'callback', attempts, nextAttemptAt: t.callbackAt ?? new Date(t.now.getTime() + t.retryDelayMinutes * 60_000) };
    case 'no_answer':
    case 'voicemail':
    case 'busy':
      return attempts >= t.maxAttempts
        ? { status: 'exhausted', attempts, nextAttemptAt: t.now }
        : { status: 'queued', attempts, nextAttemptAt: new Date(t.now.getTime() + t.retryDelayMinutes * 60_000) };
  }
}

/** The contact-history status a call outcome is recorded with. */
export const CONTACT_STATUS: Record<CallOutcomeName, ContactStatus> = {
  no_answer: 'no_answer',
  voicemail: 'left_message',
  busy: 'busy',
  wrong_number: 'wrong_number',
  refused: 'refused',
  callback: 'callback_requested',
  talked: 'meaningful_conversation',
  do_not_call: 'do_not_contact',
};

/**
 * How a call moves the person on the campaign's path when the script did not say: by the key of a
 * step ("called once, no answer"…) or of a completion/abandon reason, as the default path template
 * names them.
 */
export type PathIntent = { kind: 'step'; key: string } | { kind: 'complete'; key: string } | { kind: 'abandon'; key: string };

export const PATH_KEYS = {
  noAnswer1: 'no_answer_1',
  noAnswer2: 'no_answer_2',
  callBack: 'call_back_later',
  updateContact: 'update_contact_info',
  followUp: 'needs_follow_up',
  supporter: 'supporter',
  opponent: 'opponent',
  undecided: 'undecided',
  couldNotTalk: 'could_not_talk',
  doNotCall: 'do_not_call',
} as const;

/**
 * The path move for an outcome: no answer → "called once", then "called twice" (and abandoned
 * "could not talk" once attempts run out); talked → completed by the support level the script
 * recorded (1–2 supporter, 3 undecided, 4–5 opponent) or "needs follow-up" without one; a callback →
 * "call back later"; wrong number → "update contact info"; do not call → abandoned.
 */
export function pathIntentFor(outcome: CallOutcomeName, after: TargetAfterCall, actions: readonly CollectedAction[]): PathIntent {
  switch (outcome) {
    case 'no_answer':
    case 'voicemail':
    case 'busy':
      if (after.status === 'exhausted') return { kind: 'abandon', key: PATH_KEYS.couldNotTalk };
      return { kind: 'step', key: after.attempts <= 1 ? PATH_KEYS.noAnswer1 : PATH_KEYS.noAnswer2 };
    case 'callback':
      return { kind: 'step', key: PATH_KEYS.callBack };
    case 'wrong_number':
      return { kind: 'step', key: PATH_KEYS.updateContact };
    case 'refused':
      return { kind: 'abandon', key: PATH_KEYS.couldNotTalk };
    case 'do_not_call':
      return { kind: 'abandon', key: PATH_KEYS.doNotCall };
    case 'talked': {
      const level = supportLevelOf(actions);
      if (level === undefined) return { kind: 'step', key: PATH_KEYS.followUp };
      return { kind: 'complete', key: level <= 2 ? PATH_KEYS.supporter : level === 3 ? PATH_KEYS.undecided : PATH_KEYS.opponent };
    }
  }
}

/** The last support level the script's answers set, if any. */
export function supportLevelOf(actions: readonly CollectedAction[]): number | undefined {
  let level: number | undefined;
  for (const { action } of actions) if (action.type === 'set_support_level') level = action.level;
  return level;
}
