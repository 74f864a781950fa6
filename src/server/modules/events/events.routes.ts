import { eventRoutes as routes } from '../../../shared/contracts/events.js';
import type { AppContext } from '../../platform/context.js';
import { limitPublicForm } from '../../platform/http/rate-limit.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as pub from './events.public.js';
import * as recruitment from './events.recruitment.js';
import * as events from './events.service.js';

/** Events for organizers, hosts and the public, and volunteer recruitment. */
export function registerEventRoutes(register: RegisterRoute, ctx: AppContext): void {
  const organizer = { as: 'organizer' } as const;
  register(routes.listEvents, async ({ actor, query }) => ({ events: await events.listEvents(ctx, actor, { past: query.past === 'true' }) }));
  register(routes.createEvent, ({ actor, body }) => events.createEvent(ctx, actor, body));
  register(routes.getEvent, ({ actor, params }) => events.getEvent(ctx, actor, params.eventId));
  register(routes.updateEvent, ({ actor, params, body }) => events.updateEvent(ctx, actor, params.eventId, body));
  register(routes.addShift, ({ actor, params, body }) => events.addShift(ctx, actor, params.eventId, body));
  register(routes.listEventSignups, async ({ actor, params }) => ({ signups: (await events.listSignups(ctx, actor, params.eventId, organizer)).signups }));
  register(routes.updateEventSignup, ({ actor, params, body }) => events.updateSignup(ctx, actor, params.eventId, params.signupId, body.status, organizer));
  register(routes.sendEventMail, ({ actor, params, body }) => events.sendEventMail(ctx, actor, params.eventId, body.template));

  register(routes.listHostedEvents, async ({ actor }) => ({ events: await events.listHostedEvents(ctx, actor) }));
  register(routes.listHostedSignups, ({ actor, params }) => events.listSignups(ctx, actor, params.eventId, { as: 'host', userId: actor.user.id }));
  register(routes.updateHostedSignup, ({ actor, params, body }) =>
    events.updateSignup(ctx, actor, params.eventId, params.signupId, body.status, { as: 'host', userId: actor.user.id }),
  );

  register(routes.createRecruiterLink, ({ actor, body }) => events.createRecruiterLink(ctx, actor, body.personId));
  register(routes.getRecruitmentPath, ({ actor }) => recruitment.getRecruitmentPath(ctx, actor));
  register(routes.setRecruitmentPath, ({ actor, body }) => recruitment.setRecruitmentPath(ctx, actor, body.pathId));
  register(routes.recruitTree, async ({ actor }) => ({ roots: await events.recruitTree(ctx, actor) }));

  register(routes.publicEvents, ({ params }) => pub.publicEvents(ctx, params.orgSlug));
  register(routes.publicEvent, ({ params }) => pub.publicEvent(ctx, params.orgSlug, params.eventId));
  // Forms anyone can send are rate limited per client address and per organization.
  register(routes.publicSignup, async ({ actor, params, body }) => {
    await limitPublicForm(ctx, params.orgSlug, actor.ip);
    return pub.publicSignup(ctx, params.orgSlug, params.eventId, body, actor.locale);
  });
  register(routes.publicCancelSignup, async ({ actor, params, body }) => {
    await limitPublicForm(ctx, params.orgSlug, actor.ip);
    return pub.publicCancel(ctx, params.orgSlug, body.token);
  });
  register(routes.publicVolunteer, async ({ actor, params, body }) => {
    await limitPublicForm(ctx, params.orgSlug, actor.ip);
    return pub.publicVolunteer(ctx, params.orgSlug, body);
  });
}
