/** The navbar: home (for agents), the service desk, the CMDB, and each admin section the user's permissions allow. */
import { Badge, NavLink, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session-query';
import { myPendingApprovalsQuery } from '../catalog/catalog-api';
import { activeSection, sectionsFor, type Section } from './sections';

function GroupHeading({ children }: { children: string }) {
  return (
    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
      {children}
    </Text>
  );
}

export function MainNav({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const allowed = sectionsFor(user);
  const active = activeSection(allowed, pathname);
  const pending = useQuery({ ...myPendingApprovalsQuery, refetchInterval: 60_000 });
  const pendingCount = pending.data?.items.length ?? 0;
  const link = (section: Section) => (
    <NavLink
      key={section.key}
      component={Link}
      to={section.to}
      // The navbar decides which entry is current (the longest match), not each link on its own.
      activeOptions={{ exact: true }}
      label={t(`sections.${section.key}.title`)}
      active={active?.key === section.key}
      onClick={onNavigate}
      rightSection={
        section.key === 'approvals' && pendingCount > 0 ? (
          <Badge size="sm" circle={pendingCount < 10} color="yellow" aria-label={t('approvals.pendingCount', { count: pendingCount })}>
            {pending.data?.nextCursor ? `${pendingCount}+` : pendingCount}
          </Badge>
        ) : undefined
      }
    />
  );
  const desk = allowed.filter((s) => s.group === 'desk');
  const cmdb = allowed.filter((s) => s.group === 'cmdb');
  const admin = allowed.filter((s) => s.group === 'admin');
  return (
    <Stack gap={2} component="nav" aria-label={t('nav.label')}>
      {user.kind !== 'requester' && <NavLink component={Link} to="/" label={t('nav.home')} active={pathname === '/'} onClick={onNavigate} />}
      {desk.length > 0 && <GroupHeading>{t('nav.desk')}</GroupHeading>}
      {desk.map(link)}
      {cmdb.length > 0 && <GroupHeading>{t('nav.cmdb')}</GroupHeading>}
      {cmdb.map(link)}
      {admin.length > 0 && <GroupHeading>{t('nav.admin')}</GroupHeading>}
      {admin.map(link)}
    </Stack>
  );
}
