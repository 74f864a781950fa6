import {
  IconCalendarEvent,
  IconFileImport,
  IconChartBar,
  IconLayoutDashboard,
  IconList,
  IconMailForward,
  IconPhoneCall,
  IconRoute,
  IconScript,
  IconSettings,
  IconUserShare,
  IconUserShield,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { Capability } from '../../shared/auth/capabilities.js';
import type { SessionInfo } from '../../shared/contracts/auth.js';
import type { UiMessages } from '../../shared/i18n/index.js';
import { hasAnyCapability } from './session-context.js';

export type ModuleKey = Exclude<keyof UiMessages['nav'], 'label' | 'toggle'>;

/** One module of the app as the navigation shows it. */
export interface AppModule {
  key: ModuleKey;
  path: string;
  icon: Icon;
  /** Shown when the organization grants any of these; `null` for everyone signed in. */
  capabilities: readonly Capability[] | null;
}

/** The modules of Relais, in menu order. */
export const APP_MODULES: readonly AppModule[] = [
  { key: 'dashboard', path: '/', icon: IconLayoutDashboard, capabilities: null },
  { key: 'people', path: '/people', icon: IconUsers, capabilities: ['people.read', 'people.counts'] },
  { key: 'lists', path: '/lists', icon: IconList, capabilities: ['lists.manage'] },
  { key: 'paths', path: '/paths', icon: IconRoute, capabilities: ['paths.manage'] },
  { key: 'scripts', path: '/scripts', icon: IconScript, capabilities: ['scripts.manage'] },
  { key: 'campaigns', path: '/campaigns', icon: IconPhoneCall, capabilities: ['campaigns.manage', 'calls.make'] },
  { key: 'events', path: '/events', icon: IconCalendarEvent, capabilities: ['events.manage', 'events.host'] },
  { key: 'proxies', path: '/proxies', icon: IconUserShare, capabilities: ['proxies.manage'] },
  { key: 'metrics', path: '/metrics', icon: IconChartBar, capabilities: ['metrics.view'] },
  { key: 'outbox', path: '/outbox', icon: IconMailForward, capabilities: ['mail.manage'] },
  { key: 'imports', path: '/imports', icon: IconFileImport, capabilities: ['people.import', 'people.export'] },
  { key: 'members', path: '/members', icon: IconUserShield, capabilities: ['members.manage'] },
  { key: 'settings', path: '/settings', icon: IconSettings, capabilities: ['org.manage'] },
];

/** Whether the signed-in member may open this module in the current organization. */
export function canOpen(session: SessionInfo, module: AppModule): boolean {
  return module.capabilities === null || hasAnyCapability(session, module.capabilities);
}
