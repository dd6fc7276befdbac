/** The signed-in frame: header (product, organisation, theme, user menu), navbar and the page. */
import { useEffect } from 'react';
import { AppShell, Burger, Group, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { pageHeadingId } from '../../components/page-header';
import { MainNav } from './main-nav';
import { OrgSwitcher } from './org-switcher';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';
import classes from './app-frame.module.css';
import { AnchorLink } from '../../components/anchor-link';

/** After each navigation, move focus to the new page's heading so keyboard and screen-reader users start there. */
function useFocusHeadingOnNavigate() {
  const router = useRouter();
  useEffect(
    () =>
      router.subscribe('onResolved', (event) => {
        if (event.pathChanged) requestAnimationFrame(() => document.getElementById(pageHeadingId)?.focus());
      }),
    [router],
  );
}

export function AppFrame() {
  const { t } = useTranslation();
  const [navOpen, nav] = useDisclosure(false);
  useFocusHeadingOnNavigate();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <a href="#main" className={classes.skipLink}>
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <AnchorLink to="/" fw={800} fz="lg" underline="never" data-testid="product-name">
              Steward
            </AnchorLink>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <OrgSwitcher />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {/* The admin sections outgrow short screens: the navbar scrolls on its own. */}
        <AppShell.Section grow component={ScrollArea}>
          <MainNav onNavigate={nav.close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
