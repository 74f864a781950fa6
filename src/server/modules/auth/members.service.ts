import { CAPABILITIES, isCapability, type BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { AppError } from '../../platform/http/errors.js';
import { newToken, tokenHash } from './auth.crypto.js';
import * as repo from './auth.repository.js';
import { forgetSessions } from './auth.session-cache.js';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

function scope(actor: OrgActor) {
  return { orgId: actor.org.id, userId: actor.user.id };
}

/** The organization's members, for the members page. */
export async function listMembers(ctx: AppContext, actor: OrgActor) {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) =>
    tx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('permission_sets as p', (j) => j.onRef('p.org_id', '=', 'm.org_id').onRef('p.id', '=', 'm.permission_set_id'))
      .select(['u.id', 'u.email', 'u.name', 'p.id as set_id', 'p.name as set_name', 'm.created_at'])
      .where('m.org_id', '=', actor.org.id)
      .orderBy('u.name')
      .execute(),
  );
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    permissionSetId: r.set_id,
    permissionSetName: r.set_name,
    joinedAt: r.created_at.toISOString(),
  }));
}

/** Gives a member another permission set of this organization. */
export async function updateMember(ctx: AppContext, actor: OrgActor, userId: string, permissionSetId: string) {
  await inOrg(ctx.database.db, scope(actor), async (tx) => {
    const set = await tx.selectFrom('permission_sets').select('id').where('org_id', '=', actor.org.id).where('id', '=', permissionSetId).executeTakeFirst();
    if (!set) throw new AppError('validation_failed', { fields: [{ path: 'permissionSetId', message: 'validation:unknown_permission_set' }] });
    const updated = await tx
      .updateTable('memberships')
      .set({ permission_set_id: permissionSetId })
      .where('org_id', '=', actor.org.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new AppError('not_found');
  });
  forgetSessions(ctx.database.db);
  const member = (await listMembers(ctx, actor)).find((m) => m.userId === userId);
  if (!member) throw new AppError('not_found');
  return member;
}

/**
 * Invites a volunteer: creates their account if needed, makes them a member with the chosen
 * permission set, and returns a single-use sign-in link valid 7 days (no password needed).
 */
export async function inviteMember(
  ctx: AppContext,
  actor: OrgActor,
  input: { email: string; name: string; permissionSet: BuiltinPermissionSet | string; redirectPath?: string | undefined },
) {
  const token = newToken();
  const expiresAt = new Date(ctx.clock().getTime() + INVITATION_TTL_MS);
  // One transaction: a refused invitation leaves no half-created account behind.
  const userId = await inOrg(ctx.database.db, scope(actor), async (tx) => {
    const byId = /^\d+$/.test(input.permissionSet);
    const set = await tx
      .selectFrom('permission_sets')
      .select('id')
      .where('org_id', '=', actor.org.id)
      .where(byId ? 'id' : 'key', '=', input.permissionSet)
      .executeTakeFirst();
    if (!set) throw new AppError('validation_failed', { fields: [{ path: 'permissionSet', message: 'validation:unknown_permission_set' }] });
    const existing = await repo.findUserByEmail(tx, input.email);
    const userId =
      existing?.id ??
      (
        await tx
          .insertInto('users')
          .values({ email: input.email, name: input.name, password_hash: null, updated_at: ctx.clock() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await tx
      .insertInto('memberships')
      .values({ org_id: actor.org.id, user_id: userId, permission_set_id: set.id })
      .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
      .execute();
    await tx
      .insertInto('magic_links')
      .values({
        token_hash: tokenHash(token),
        user_id: userId,
        org_id: actor.org.id,
        redirect_path: input.redirectPath ?? '/',
        created_by: actor.user.id,
        expires_at: expiresAt,
      })
      .execute();
    return userId;
  });
  forgetSessions(ctx.database.db);
  return { url: `${ctx.publicUrl}/auth/magic/${token}`, expiresAt: expiresAt.toISOString(), userId };
}

/** Built-in and custom permission sets of the organization. */
export async function listPermissionSets(ctx: AppContext, actor: OrgActor) {
  const rows = await inOrg(ctx.database.db, scope(actor), (tx) =>
    tx.selectFrom('permission_sets').selectAll().where('org_id', '=', actor.org.id).orderBy('builtin', 'desc').orderBy('id').execute(),
  );
  return {
    permissionSets: rows.map((r) => ({ id: r.id, key: r.key, name: r.name, builtin: r.builtin, capabilities: r.capabilities.filter(isCapability) })),
    capabilities: [...CAPABILITIES],
  };
}

/** Defines a custom permission set from a list of capabilities. */
export async function createPermissionSet(ctx: AppContext, actor: OrgActor, input: { name: string; capabilities: string[] }) {
  const row = await inOrg(ctx.database.db, scope(actor), (tx) =>
    tx
      .insertInto('permission_sets')
      .values({ org_id: actor.org.id, name: input.name, capabilities: [...new Set(input.capabilities)], builtin: false })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, key: row.key, name: row.name, builtin: row.builtin, capabilities: row.capabilities.filter(isCapability) };
}
