import { proxyRoutes as routes } from '../../../shared/contracts/proxies.js';
import type { AppContext } from '../../platform/context.js';
import { limitPublicForm } from '../../platform/http/rate-limit.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as publicForms from './proxies.public.js';
import * as rounds from './proxies.rounds.js';
import * as proxies from './proxies.service.js';

/** Vote proxies: the two public forms, and matching and follow-up for organizers. */
export function registerProxyRoutes(register: RegisterRoute, ctx: AppContext): void {
  // The two forms anyone can send share the public forms' limits (per client address and organization).
  register(routes.publicProxyRequest, async ({ actor, params, body }) => {
    await limitPublicForm(ctx, params.orgSlug, actor.ip);
    return publicForms.submitRequestForm(ctx, actor, params.orgSlug, body);
  });
  register(routes.publicProxyOffer, async ({ actor, params, body }) => {
    await limitPublicForm(ctx, params.orgSlug, actor.ip);
    return publicForms.submitOfferForm(ctx, actor, params.orgSlug, body);
  });
  register(routes.publicProxyRounds, ({ params }) => publicForms.publicRoundList(ctx, params.orgSlug));
  register(routes.publicProxyStations, ({ params, query }) => publicForms.publicStations(ctx, params.orgSlug, query.communeCode));
  register(routes.publicProxyCommunes, ({ params, query }) => publicForms.searchCommunes(ctx, params.orgSlug, query.q));

  register(routes.listProxyRounds, ({ actor }) => rounds.listRounds(ctx, actor));
  register(routes.createProxyRound, ({ actor, body }) => rounds.createRound(ctx, actor, body));
  register(routes.updateProxyRound, ({ actor, params, body }) => rounds.updateRound(ctx, actor, params.roundId, body));
  register(routes.deleteProxyRound, ({ actor, params }) => rounds.deleteRound(ctx, actor, params.roundId));
  register(routes.proxyBoard, ({ actor }) => proxies.board(ctx, actor));
  register(routes.runProxyMatching, ({ actor }) => proxies.runMatching(ctx, actor));
  register(routes.listProxyMatches, ({ actor, query }) => proxies.listMatches(ctx, actor, query));
  register(routes.acceptProxyMatch, ({ actor, params }) => proxies.acceptMatch(ctx, actor, params.matchId));
  register(routes.rejectProxyMatch, ({ actor, params, body }) => proxies.rejectMatch(ctx, actor, params.matchId, body?.note));
  register(routes.setProxyMatchStatus, ({ actor, params, body }) => proxies.setMatchStatus(ctx, actor, params.matchId, body));
  register(routes.proxyCallList, ({ actor, query }) => proxies.callList(ctx, actor, query));
  register(routes.listProxyRequests, ({ actor, query }) => proxies.listRequests(ctx, actor, query));
  register(routes.listProxyOffers, ({ actor, query }) => proxies.listOffers(ctx, actor, query));
  register(routes.cancelProxyRequest, ({ actor, params }) => proxies.cancelRequest(ctx, actor, params.requestId));
  register(routes.withdrawProxyOffer, ({ actor, params }) => proxies.withdrawOffer(ctx, actor, params.offerId));
  register(routes.sendProxyReminders, ({ actor, body }) => proxies.sendReminders(ctx, actor, body));
  register(routes.proxiesFromTag, ({ actor, body }) => proxies.createFromTag(ctx, actor, body));
  register(routes.importCommuneCoordinates, ({ actor, body }) => proxies.importCoordinates(ctx, actor, body.coordinates));
  register(routes.importPollingStations, ({ actor, body }) => proxies.importStations(ctx, actor, body.stations));
}
