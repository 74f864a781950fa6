import { createHmac } from 'node:crypto';
import { normalizePhone } from '../../../shared/people/phone.js';
import type { Tx } from '../../platform/db/database.js';
import * as repo from './people.repository.js';

/**
 * What remains of an erased objector: keyed hashes of their phone numbers and e-mail. The key is
 * derived from the instance secret, so a leaked database cannot be tested against a phone book
 * without it (changing the secret makes the existing entries unrecognisable).
 */

export type SuppressionKind = 'phone' | 'email';

function suppressionKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('relais suppression key v1').digest();
}

/** The normalised form that is hashed: E.164 for a phone (any typed form), lower case for an e-mail. */
export function normalizeForSuppression(kind: SuppressionKind, value: string): string | null {
  if (kind === 'email') {
    const email = value.trim().toLowerCase();
    return email === '' ? null : email;
  }
  return normalizePhone(value).e164;
}

/**
 * The HMAC-SHA256 a suppression entry stores, or null for a value that is not a usable phone or
 * e-mail. Importers may hash in bulk with this and compare with `suppressions.value_hash`.
 *
 * @example suppressionHash(ctx.secret, 'phone', '06 12 34 56 78') // same Buffer as for '+33612345678'
 */
export function suppressionHash(secret: string, kind: SuppressionKind, value: string): Buffer | null {
  const normalized = normalizeForSuppression(kind, value);
  return normalized === null ? null : createHmac('sha256', suppressionKey(secret)).update(normalized).digest();
}

/** Which of the given phones and e-mails (as given) belong to an erased objector of this organization. */
export async function findSuppressed(
  tx: Tx,
  orgId: string,
  values: { phones?: readonly string[]; emails?: readonly string[] },
  secret: string,
): Promise<{ phones: string[]; emails: string[] }> {
  const check = async (kind: SuppressionKind, given: readonly string[]) => {
    const hashed = given.flatMap((value) => {
      const hash = suppressionHash(secret, kind, value);
      return hash === null ? [] : [{ value, hex: hash.toString('hex'), hash }];
    });
    const found = new Set((await repo.findSuppressions(tx, orgId, kind, hashed.map((h) => h.hash))).map((r) => r.value_hash.toString('hex')));
    return hashed.filter((h) => found.has(h.hex)).map((h) => h.value);
  };
  return { phones: await check('phone', values.phones ?? []), emails: await check('email', values.emails ?? []) };
}

/**
 * Whether a person with these phones or e-mails asked not to be contacted and was then erased:
 * an import skips them, so an objector never comes back into a call list.
 *
 * @example if (await isSuppressed(tx, orgId, { phones: [row.mobile], emails: [row.email] }, ctx.secret)) skip(row);
 */
export async function isSuppressed(tx: Tx, orgId: string, values: { phones?: readonly string[]; emails?: readonly string[] }, secret: string): Promise<boolean> {
  const found = await findSuppressed(tx, orgId, values, secret);
  return found.phones.length > 0 || found.emails.length > 0;
}
