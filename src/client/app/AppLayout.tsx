import { AppShell, Burger, Divider, Group, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { MainNav } from './MainNav.js';
import { OrganizationSwitcher } from './OrganizationSwitcher.js';
import { UserMenu } from './UserMenu.js';
import { useSession } from './session-context.js';

/** The frame of every signed-in screen: header, module menu (a burger on phones), content. */
export function AppLayout() {
  const { t } = useT();
  const { session } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  // On phones the menu covers the screen: any change of screen (a link, an organization switch) closes it.
  useEffect(close, [pathname, close]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} aria-expanded={opened} />
            <Text component={Link} to="/" fw={800} size="xl" c="blue.7" td="none">
              {t('app.name')}
            </Text>
            {session.organization && (
              <Text size="sm" c="dimmed" visibleFrom="md" truncate maw={260}>
                {session.organization.name}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        {session.memberships.length > 1 && (
          <AppShell.Section mb="sm">
            <OrganizationSwitcher />
            <Divider mt="sm" />
          </AppShell.Section>
        )}
        <AppShell.Section grow component={ScrollArea}>
          <MainNav onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
