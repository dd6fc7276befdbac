/** The signed-in user's menu: who they are, change password, sign out. */
import { Avatar, Button, Menu, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { setCsrfToken } from '../../api/csrf-token';
import { useSession } from '../../session/session-query';
import { ChangePasswordModal } from '../auth/change-password-modal';

/** Up to two initials of a name, for the avatar. */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function UserMenu() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [passwordOpen, password] = useDisclosure(false);
  const signOut = async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } finally {
      // Signed out locally even if the server could not be reached; the cookie expires on its own.
      setCsrfToken(null);
      queryClient.clear();
      await navigate({ to: '/login', search: {} });
    }
  };
  return (
    <>
      <Menu position="bottom-end" width={240}>
        <Menu.Target>
          <Button variant="subtle" leftSection={<Avatar size="sm" color="indigo">{initials(user.name)}</Avatar>} aria-label={t('userMenu.label', { name: user.name })}>
            <Text size="sm" visibleFrom="sm">
              {user.name}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{user.email}</Menu.Label>
          <Menu.Item onClick={password.open}>{t('userMenu.changePassword')}</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" onClick={() => void signOut()}>
            {t('userMenu.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpen} onClose={password.close} />
    </>
  );
}
