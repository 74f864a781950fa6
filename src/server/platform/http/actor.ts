import type { Capability } from '../../../shared/auth/capabilities.js';
import type { Locale } from '../../../shared/i18n/locales.js';

/** Who is making a request: a signed-in user acting for an organization, or an anonymous visitor. */
export interface Actor {
  user: { id: string; email: string; name: string; hasPassword: boolean } | null;
  session: { tokenHash: Buffer; currentOrgId: string | null; locale: Locale | null } | null;
  org: { id: string; slug: string; name: string; timeZone: string; permissionSet: string; capabilities: ReadonlySet<Capability> } | null;
  locale: Locale;
  ip: string;
}

/** An actor known to be signed in and acting for an organization (after the route's access check). */
export interface OrgActor extends Actor {
  user: NonNullable<Actor['user']>;
  org: NonNullable<Actor['org']>;
}

export function isOrgActor(actor: Actor): actor is OrgActor {
  return actor.user !== null && actor.org !== null;
}
