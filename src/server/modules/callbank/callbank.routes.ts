import { callSheetRoutes as sheetRoutes } from '../../../shared/contracts/callbank-sheets.js';
import { callbankRoutes as routes } from '../../../shared/contracts/callbank.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import { claimNext, getHeldTarget } from './callbank.claim.js';
import { recordOutcomeAndNext } from './callbank.outcome.js';
import * as campaigns from './callbank.service.js';
import * as sheets from './callbank.sheets.js';

/** Call campaigns (organizers) and the caller's screen (callers). */
export function registerCallbankRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.listCallCampaigns, async ({ actor }) => ({ campaigns: await campaigns.listCampaigns(ctx, actor) }));
  register(routes.createCallCampaign, ({ actor, body }) => campaigns.createCampaign(ctx, actor, body));
  register(routes.getCallCampaign, ({ actor, params }) => campaigns.getCampaign(ctx, actor, params.campaignId));
  register(routes.setCallCampaignStatus, ({ actor, params, body }) => campaigns.setCampaignStatus(ctx, actor, params.campaignId, body.status));
  register(routes.inviteCampaignCaller, ({ actor, params, body }) => campaigns.inviteCaller(ctx, actor, params.campaignId, body));
  register(routes.splitCallCampaign, ({ actor, params, body }) => campaigns.splitCampaign(ctx, actor, params.campaignId, body));
  register(routes.callCampaignProgress, ({ actor, params }) => campaigns.campaignProgress(ctx, actor, params.campaignId));

  register(routes.callerCampaign, ({ actor, params }) => campaigns.callerCampaign(ctx, actor, params.campaignId));
  register(routes.claimNextPerson, ({ actor, params }) => claimNext(ctx, actor, params.campaignId));
  register(routes.callTarget, ({ actor, params }) => getHeldTarget(ctx, actor, params.campaignId, params.targetId));
  register(routes.recordCallOutcome, ({ actor, params, body }) => recordOutcomeAndNext(ctx, actor, params.campaignId, params.targetId, body));

  register(sheetRoutes.myCallCampaigns, async ({ actor }) => ({ campaigns: await sheets.listMyCampaigns(ctx, actor) }));
  register(sheetRoutes.campaignCallSheet, ({ actor, params, query }) => sheets.campaignSheet(ctx, actor, params.campaignId, query));
  register(sheetRoutes.reserveSheetForCaller, ({ actor, params, body }) => sheets.reserveSheetForCaller(ctx, actor, params.campaignId, body));
  register(sheetRoutes.releaseSheetOfCaller, ({ actor, params, body }) => sheets.releaseSheetOfCaller(ctx, actor, params.campaignId, body));
  register(sheetRoutes.releaseMySheet, ({ actor, params }) => sheets.releaseMySheet(ctx, actor, params.campaignId));
  register(sheetRoutes.myCallSheet, ({ actor, params }) => sheets.mySheet(ctx, actor, params.campaignId));
  register(sheetRoutes.reserveMySheet, ({ actor, params, body }) => sheets.reserveMySheet(ctx, actor, params.campaignId, body.count));
  register(sheetRoutes.phoneSignInLink, ({ actor, params }) => sheets.phoneSignInLink(ctx, actor, params.campaignId));
  register(sheetRoutes.openCallTarget, ({ actor, params }) => sheets.openTarget(ctx, actor, params.campaignId, params.targetId));
}
