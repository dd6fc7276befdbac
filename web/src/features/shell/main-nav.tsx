/** The navbar: home plus each admin section the user's permissions allow. */
import { NavLink, Stack, Text } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session-query';
import { sectionsFor } from './sections';

export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const allowed = sectionsFor(user);
  return (
    <Stack gap={2} component="nav" aria-label={t('nav.label')}>
      <NavLink component={Link} to="/" label={t('nav.home')} active={pathname === '/'} onClick={onNavigate} />
      {allowed.length > 0 && (
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
          {t('nav.admin')}
        </Text>
      )}
      {allowed.map((section) => (
        <NavLink
          key={section.to}
          component={Link}
          to={section.to}
          label={t(`sections.${section.key}.title`)}
          active={pathname === section.to || pathname.startsWith(`${section.to}/`)}
          onClick={onNavigate}
        />
      ))}
    </Stack>
  );
}
