import { BUILTIN_CAPABILITIES, type BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import { CampaignCreateSchema, type CampaignCreate } from '../../../shared/contracts/callbank.js';
import { callFixture } from '../../../shared/scripts/script.fixtures.js';
import type { ScriptDocument } from '../../../shared/scripts/script.schema.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { makeMember } from '../../../../test/setup/factories.js';
import { createCampaign, setCampaignStatus } from './callbank.service.js';

// Test-only factories for the callbank tests; nothing in the app imports this file.

/** An actor as the route layer would hand it to a service, for service-level tests. */
export async function makeActor(ctx: AppContext, org: { id: string; slug: string }, set: BuiltinPermissionSet = 'administrator'): Promise<OrgActor> {
  const member = await makeMember(ctx, org.id, set);
  return {
    user: { id: member.userId, email: member.email, name: `Camille ${set}`, hasPassword: true },
    session: null,
    org: { id: org.id, slug: org.slug, name: org.slug, timeZone: 'Europe/Paris', permissionSet: set, capabilities: new Set(BUILTIN_CAPABILITIES[set]) },
    locale: 'fr',
    ip: '127.0.0.1',
  };
}

/** Invites an existing member to these campaigns (the row an invitation link or a split leaves). */
export async function addToCampaigns(ctx: AppContext, orgId: string, userId: string, ...campaignIds: string[]): Promise<void> {
  if (campaignIds.length === 0) return;
  await inOrg(ctx.database.db, { orgId }, (tx) =>
    tx
      .insertInto('call_campaign_callers')
      .values(campaignIds.map((campaignId) => ({ org_id: orgId, campaign_id: campaignId, user_id: userId })))
      .execute(),
  );
}

/** A volunteer caller invited to these campaigns, as their invitation link would leave them. */
export async function makeCaller(ctx: AppContext, org: { id: string; slug: string }, ...campaignIds: string[]): Promise<OrgActor> {
  const actor = await makeActor(ctx, org, 'caller');
  await addToCampaigns(ctx, org.id, actor.user.id, ...campaignIds);
  return actor;
}

/** A published script version of the organization (the scripts module's tables, written directly). */
export async function makeScriptVersion(ctx: AppContext, orgId: string, document: ScriptDocument = callFixture): Promise<string> {
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const script = await tx
      .insertInto('scripts')
      .values({ org_id: orgId, name: 'Appel GOTV', language: 'fr', document: JSON.stringify(document), created_by: null, updated_by: null, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await tx
      .insertInto('script_versions')
      .values({ org_id: orgId, script_id: script.id, version: 1, name: 'Appel GOTV', language: 'fr', document: JSON.stringify(document), published_by: null, published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return version.id;
  });
}

/** `count` people with a valid mobile, returned as ids in creation order. */
export async function makePeople(ctx: AppContext, orgId: string, count: number, values: { support_level?: number | null } = {}): Promise<string[]> {
  if (count === 0) return [];
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    const rows = await tx
      .insertInto('people')
      .values(
        Array.from({ length: count }, (_, i) => ({
          org_id: orgId,
          first_name: `Prénom${i}`,
          last_name: `Nom${i}`,
          city: 'Lyon',
          mobile_e164: `+3361${String(i).padStart(7, '0')}`,
          mobile_raw: `061${String(i).padStart(7, '0')}`,
          mobile_valid: true,
          email: `secret${i}@example.test`,
          support_level: values.support_level ?? null,
          legal_basis: 'consent' as const,
          custom_fields: '{}',
          updated_at: new Date(),
        })),
      )
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  });
}

/** An active campaign over the given people (defaults parsed as the API would). */
export async function makeActiveCampaign(ctx: AppContext, actor: OrgActor, personIds: string[], overrides: Partial<CampaignCreate> = {}) {
  const scriptVersionId = overrides.scriptVersionId ?? (await makeScriptVersion(ctx, actor.org.id));
  const input = CampaignCreateSchema.parse({ name: 'Relance', scriptVersionId, source: { personIds }, ...overrides });
  const campaign = await createCampaign(ctx, actor, input);
  await setCampaignStatus(ctx, actor, campaign.id, 'active');
  return campaign;
}
