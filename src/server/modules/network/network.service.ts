import { randomUUID } from 'node:crypto';
import { BUILTIN_CAPABILITIES, BUILTIN_PERMISSION_SETS, type BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { forgetSessions } from '../auth/auth.session-cache.js';

export interface NewOrganization {
  name: string;
  slug: string;
  parentId?: string | null;
  timeZone?: string;
  locale?: 'fr' | 'en';
}

const BUILTIN_NAMES: Record<BuiltinPermissionSet, { fr: string; en: string }> = {
  administrator: { fr: 'Administrateur', en: 'Administrator' },
  organizer: { fr: 'Organisateur', en: 'Organizer' },
  caller: { fr: 'Appelant', en: 'Caller' },
  event_host: { fr: "Hôte d'événement", en: 'Event host' },
  viewer: { fr: 'Observateur', en: 'Viewer' },
};

/**
 * Opens a new campaign space with the five built-in permission sets; the creator, if given,
 * becomes its administrator.
 */
export async function createOrganization(ctx: AppContext, input: NewOrganization, adminUserId?: string): Promise<{ id: string }> {
  const id = randomUUID();
  try {
    await inOrg(ctx.database.db, { orgId: id, userId: adminUserId ?? null }, async (tx) => {
      await tx
        .insertInto('organizations')
        .values({
          id,
          name: input.name,
          slug: input.slug,
          parent_id: input.parentId ?? null,
          time_zone: input.timeZone ?? 'Europe/Paris',
          locale: input.locale ?? 'fr',
        })
        .execute();
      const locale = input.locale ?? 'fr';
      await tx
        .insertInto('permission_sets')
        .values(
          BUILTIN_PERMISSION_SETS.map((key) => ({
            org_id: id,
            key,
            name: BUILTIN_NAMES[key][locale],
            capabilities: [...BUILTIN_CAPABILITIES[key]],
            builtin: true,
          })),
        )
        .execute();
      if (adminUserId) await addMember(tx, id, adminUserId, 'administrator');
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AppError('conflict', { fields: [{ path: 'slug', message: 'validation:taken' }] });
    }
    throw error;
  }
  // Its administrator's session may act for it at once.
  forgetSessions(ctx.database.db);
  return { id };
}

/** Gives a user a built-in permission set in an organization (keeps an existing membership). */
export async function addMember(tx: Tx, orgId: string, userId: string, set: BuiltinPermissionSet): Promise<void> {
  const permissionSet = await tx
    .selectFrom('permission_sets')
    .select('id')
    .where('org_id', '=', orgId)
    .where('key', '=', set)
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('memberships')
    .values({ org_id: orgId, user_id: userId, permission_set_id: permissionSet.id })
    .onConflict((oc) => oc.columns(['org_id', 'user_id']).doNothing())
    .execute();
}
