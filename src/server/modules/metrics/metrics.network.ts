import { ANSWERED_OUTCOMES, type NetworkFilter, type NetworkLocal, type NetworkRollup } from '../../../shared/contracts/metrics.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg } from '../../platform/db/database.js';
import type { OrgActor } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/errors.js';
import { networkCsv } from './metrics.csv.js';
import * as repo from './metrics.repository.js';

// Locals are read a few at a time: a national network has a hundred federations, the pool ten connections.
const PARALLEL_LOCALS = 4;

/**
 * A head office's totals per local organization (at any depth below it): calls, conversations
 * and contact rate in the date range, volunteers and proxies as they stand. Only counts and the
 * locals' names leave: nothing about a person. An organization sees only the organizations that
 * report to it; a local named in the filter that does not (a sibling, its own head office) is not
 * found.
 *
 * @example
 * const { locals, total } = await getNetworkRollup(ctx, actor, { from: '2026-06-01' });
 */
export async function getNetworkRollup(ctx: AppContext, actor: OrgActor, filter: NetworkFilter): Promise<NetworkRollup> {
  let locals = await inOrg(ctx.database.db, { orgId: actor.org.id, userId: actor.user.id }, (tx) => repo.localOrganizations(tx));
  if (filter.localOrgId) {
    locals = locals.filter((l) => l.id === filter.localOrgId);
    if (locals.length === 0) throw notFound();
  }
  const rows: NetworkLocal[] = new Array(locals.length);
  let next = 0;
  const worker = async () => {
    while (next < locals.length) {
      const i = next++;
      const local = locals[i]!;
      // The head office's right to these numbers was checked above; the counts run as the local.
      const counts = await inOrg(ctx.database.db, { orgId: local.id }, (tx) =>
        repo.orgCounts(tx, { orgId: local.id, timeZone: local.time_zone, from: filter.from ?? null, to: filter.to ?? null }, ANSWERED_OUTCOMES),
      );
      rows[i] = { orgId: local.id, name: local.name, slug: local.slug, parentId: local.parent_id, depth: local.depth, ...present(counts) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_LOCALS, locals.length) }, worker));
  const sum = (key: keyof repo.OrgCountsRow) => rows.reduce((s, r) => s + r[camel(key)], 0);
  const total = present({
    calls: sum('calls'),
    answered: sum('answered'),
    conversations: sum('conversations'),
    volunteers: sum('volunteers'),
    proxy_requests: sum('proxy_requests'),
    proxy_offers: sum('proxy_offers'),
    proxies_established: sum('proxies_established'),
  });
  return { generatedAt: ctx.clock().toISOString(), filter: { from: filter.from ?? null, to: filter.to ?? null }, locals: rows, total };
}

type CountKey = 'calls' | 'answered' | 'conversations' | 'volunteers' | 'proxyRequests' | 'proxyOffers' | 'proxiesEstablished';
function camel(key: keyof repo.OrgCountsRow): CountKey {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as CountKey;
}

function present(c: repo.OrgCountsRow) {
  return {
    calls: c.calls,
    answered: c.answered,
    conversations: c.conversations,
    contactRate: c.calls === 0 ? 0 : c.answered / c.calls,
    volunteers: c.volunteers,
    proxyRequests: c.proxy_requests,
    proxyOffers: c.proxy_offers,
    proxiesEstablished: c.proxies_established,
  };
}

/** The roll-up as CSV, one line per local organization and a total line. */
export async function exportNetworkRollup(ctx: AppContext, actor: OrgActor, filter: NetworkFilter): Promise<{ fileName: string; csv: string }> {
  const rollup = await getNetworkRollup(ctx, actor, filter);
  const parts = ['relais', 'reseau', actor.org.slug, filter.from, filter.to].filter(Boolean);
  return { fileName: `${parts.join('_')}.csv`, csv: networkCsv(rollup) };
}
