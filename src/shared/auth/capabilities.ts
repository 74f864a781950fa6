/**
 * What a member may do in an organization. A permission set is a named list of capabilities;
 * every API route declares the one it needs.
 */
export const CAPABILITIES = [
  'org.manage',
  'members.manage',
  'people.read',
  'people.write',
  'people.import',
  'people.export',
  'people.counts',
  'lists.manage',
  'paths.manage',
  'scripts.manage',
  'campaigns.manage',
  'calls.make',
  'events.manage',
  'events.host',
  'proxies.manage',
  'metrics.view',
  'metrics.share',
  'mail.manage',
  'audit.read',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export const BUILTIN_PERMISSION_SETS = ['administrator', 'organizer', 'caller', 'event_host', 'viewer'] as const;
export type BuiltinPermissionSet = (typeof BUILTIN_PERMISSION_SETS)[number];

/** The capabilities of each built-in permission set, created in every new organization. */
export const BUILTIN_CAPABILITIES: Record<BuiltinPermissionSet, readonly Capability[]> = {
  administrator: CAPABILITIES,
  organizer: CAPABILITIES.filter((c) => c !== 'org.manage' && c !== 'audit.read'),
  // A caller reaches people only through the campaigns they are handed (checked per person).
  caller: ['calls.make'],
  event_host: ['events.host'],
  viewer: ['people.counts', 'metrics.view'],
};

/** How a route is guarded: a capability in the current organization, any signed-in user, or anyone. */
export type RouteAccess = Capability | 'authenticated' | 'public';

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}
