import { createContext, useContext } from 'react';
import type { Capability } from '../../shared/auth/capabilities.js';
import type { SessionInfo } from '../../shared/contracts/auth.js';
import type { Locale } from '../../shared/i18n/locales.js';

export interface SessionContextValue {
  session: SessionInfo;
  /** Takes a session the server just answered with (login, magic link, organization switch). */
  acceptSession: (session: SessionInfo) => Promise<void>;
  /** Asks the server again who is signed in. */
  refresh: () => Promise<void>;
  /** Shows the app in another language, and tells the server when someone is signed in. */
  changeLocale: (locale: Locale) => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in, for which organization, with which capabilities. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it');
  return value;
}

/** Whether the current organization grants any of these capabilities. */
export function hasAnyCapability(session: SessionInfo, capabilities: readonly Capability[]): boolean {
  const granted = session.organization?.capabilities ?? [];
  return capabilities.some((capability) => granted.includes(capability));
}
