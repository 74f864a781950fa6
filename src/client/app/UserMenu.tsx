import { Avatar, Button, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconKey, IconLogout } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../i18n/use-t.js';
import { useSession } from './session-context.js';

/** The signed-in member's menu: change password, log out. */
export function UserMenu() {
  const { t } = useT();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const user = session.user;
  if (!user) return null;
  const initials = (user.name || user.email)
    .split(/\s+/)
    .map((word) => word.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          px={6}
          aria-label={t('userMenu.label')}
          title={t('userMenu.label')}
          leftSection={
            <Avatar size={28} radius="xl" color="blue">
              {initials}
            </Avatar>
          }
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          <Text span size="sm" visibleFrom="sm" maw={160} truncate>
            {user.name || user.email}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('userMenu.signedInAs', { email: user.email })}</Menu.Label>
        <Menu.Item component={Link} to="/account/password" leftSection={<IconKey size={16} aria-hidden />}>
          {t('userMenu.changePassword')}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            void signOut()
              .catch(() => undefined)
              .then(() => navigate('/login'));
          }}
        >
          {t('userMenu.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
