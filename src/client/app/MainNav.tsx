import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { APP_MODULES, canOpen } from './modules.js';
import { useSession } from './session-context.js';

/** The links to the modules this member may open; `onNavigate` closes the menu on phones. */
export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useT();
  const { session } = useSession();
  const { pathname } = useLocation();

  return (
    <Stack gap={2}>
      {APP_MODULES.filter((module) => canOpen(session, module)).map((module) => {
        const active = module.path === '/' ? pathname === '/' : pathname === module.path || pathname.startsWith(`${module.path}/`);
        const ModuleIcon = module.icon;
        return (
          <NavLink
            key={module.key}
            component={Link}
            to={module.path}
            label={t(`nav.${module.key}`)}
            leftSection={<ModuleIcon size={18} stroke={1.6} aria-hidden />}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
          />
        );
      })}
    </Stack>
  );
}
