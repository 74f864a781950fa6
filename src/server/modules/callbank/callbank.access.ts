import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/errors.js';

/** Organizers (and administrators) work on every campaign of their organization. */
export function managesCampaigns(actor: OrgActor): boolean {
  return actor.org.capabilities.has('campaigns.manage');
}

/**
 * Whether this user was handed the campaign: invited to it (magic link or "invite"), dealt a
 * share by a split, given people by a printed sheet (all three leave a `call_campaign_callers`
 * row), or hosting an event that runs this campaign as its phone bank.
 */
async function wasHandedCampaign(tx: Tx, orgId: string, campaignId: string, userId: string): Promise<boolean> {
  // events belongs to the events module; its host and call_campaign_id columns are read here
  // rather than through a function so the check stays one round trip (events_host index).
  const result = await sql<{ ok: boolean }>`
    SELECT EXISTS (SELECT 1 FROM call_campaign_callers
                    WHERE org_id = ${orgId} AND campaign_id = ${campaignId} AND user_id = ${userId})
        OR EXISTS (SELECT 1 FROM events
                    WHERE org_id = ${orgId} AND host_user_id = ${userId} AND call_campaign_id = ${campaignId}) AS ok`.execute(tx);
  return result.rows[0]?.ok === true;
}

// Granted access kept a minute per process: the claim is the most frequent request, and an
// invitation, a split or a sheet is never taken back. Only a replaced event host keeps it for
// up to this long. Denials are never kept (an invitation must work at once).
const ACCESS_TTL_MS = 60_000;
const granted = new Map<string, number>();

/**
 * Refuses (404, as for a campaign that does not exist) a caller who was not handed this campaign.
 * Organizers pass. Call it inside the request's transaction, before anything of the campaign is read.
 *
 * @example
 * await requireCampaignAccess(tx, actor, campaignId); // throws not_found for an uninvited caller
 */
export async function requireCampaignAccess(tx: Tx, actor: OrgActor, campaignId: string): Promise<void> {
  if (managesCampaigns(actor)) return;
  const key = `${actor.org.id}:${campaignId}:${actor.user.id}`;
  const now = Date.now();
  const until = granted.get(key);
  if (until !== undefined && until > now) return;
  if (!(await wasHandedCampaign(tx, actor.org.id, campaignId, actor.user.id))) {
    granted.delete(key);
    throw notFound();
  }
  if (granted.size > 50_000) granted.clear();
  granted.set(key, now + ACCESS_TTL_MS);
}
