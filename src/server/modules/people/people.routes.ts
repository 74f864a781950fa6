import { peopleRoutes as routes } from '../../../shared/contracts/people.js';
import type { AppContext } from '../../platform/context.js';
import type { RegisterRoute } from '../../platform/http/register.js';
import * as people from './people.service.js';

/** Profiles, tags, contact history and GDPR rights. */
export function registerPeopleRoutes(register: RegisterRoute, ctx: AppContext): void {
  register(routes.peopleSummary, ({ actor }) => people.summarizePeople(ctx, actor));
  register(routes.getPerson, ({ actor, params }) => people.getPerson(ctx, actor, params.id));
  register(routes.createPerson, ({ actor, body }) => people.createPerson(ctx, actor, body));
  register(routes.updatePerson, ({ actor, params, body }) => people.updatePerson(ctx, actor, params.id, body));
  register(routes.deletePerson, async ({ actor, params }) => {
    await people.deletePerson(ctx, actor, params.id);
    return { ok: true as const };
  });

  register(routes.listPersonTags, async ({ actor, params }) => ({ tags: await people.listPersonTags(ctx, actor, params.id) }));
  register(routes.addPersonTags, async ({ actor, params, body }) => ({ tags: await people.addPersonTags(ctx, actor, params.id, body.names) }));
  register(routes.removePersonTag, async ({ actor, params }) => ({ tags: await people.removePersonTag(ctx, actor, params.id, params.tagId) }));
  register(routes.listTags, async ({ actor, query }) => ({ tags: await people.listTags(ctx, actor, query.q) }));

  register(routes.addContact, ({ actor, params, body }) => people.addContact(ctx, actor, params.id, body));
  register(routes.listContacts, ({ actor, params, query }) => people.listContacts(ctx, actor, params.id, query));

  register(routes.exportPerson, async ({ actor, params, reply }) => {
    const data = await people.exportPerson(ctx, actor, params.id);
    reply.header('content-disposition', `attachment; filename="person-${params.id}.json"`);
    reply.header('cache-control', 'no-store');
    return data;
  });
  register(routes.erasePerson, ({ actor, params, body }) => people.erasePerson(ctx, actor, params.id, body));
}
