import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { newToken, tokenHash } from './auth.crypto.js';

/**
 * A single-use sign-in link for the signed-in user themself, valid `ttlMs`: shown as a QR code on
 * their screen, it carries their session to their phone (volunteers invited by link have no
 * password to type there). It signs in the same user in the same organization, nothing more.
 *
 * @example
 * const { url } = await issueOwnSignInLink(ctx, actor, '/campaigns', 15 * 60_000);
 */
export async function issueOwnSignInLink(ctx: AppContext, actor: OrgActor, redirectPath: string, ttlMs: number) {
  const token = newToken();
  const expiresAt = new Date(ctx.clock().getTime() + ttlMs);
  await inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) =>
    tx
      .insertInto('magic_links')
      .values({ token_hash: tokenHash(token), user_id: actor.user.id, org_id: actor.org.id, redirect_path: redirectPath, created_by: actor.user.id, expires_at: expiresAt })
      .execute(),
  );
  return { url: `${ctx.publicUrl}/auth/magic/${token}`, expiresAt: expiresAt.toISOString() };
}
