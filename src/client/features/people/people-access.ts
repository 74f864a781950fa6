import { hasAnyCapability, useSession } from '../../app/session-context.js';

/** What the signed-in member may do with profiles in the current organization. */
export function usePeopleAccess() {
  const { session } = useSession();
  return {
    canRead: hasAnyCapability(session, ['people.read']),
    canWrite: hasAnyCapability(session, ['people.write']),
    canExport: hasAnyCapability(session, ['people.export']),
    canCount: hasAnyCapability(session, ['people.counts']),
  };
}

/** A person's name as the profile shows it. */
export function displayName(person: { firstName: string; lastName: string }, fallback: string): string {
  return [person.firstName, person.lastName].filter(Boolean).join(' ') || fallback;
}
