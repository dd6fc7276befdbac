/**
 * The route tree (code-based). Signed-in pages hang under the pathless `_app` route, which loads the
 * session first and sends anyone without one to /login. Requesters' home is the portal. Pages other
 * than home load on demand.
 */
import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { hasStatus } from '../api/api-error';
import { sessionQuery } from '../session/session-query';
import { AppFrame } from '../features/shell/app-frame';
import { HomePage } from '../features/home/home-page';
import { LoginPage } from '../features/auth/login-page';
import { validatePeopleSearch } from '../features/people/people-search';
import { validateTeamsSearch } from '../features/teams/teams-search';
import { validateDepartmentsSearch } from '../features/departments/departments-search';
import { validateApiTokensSearch } from '../features/api-tokens/api-tokens-search';
import { validateAuditSearch } from '../features/audit/audit-search';
import { validateTicketsSearch } from '../features/tickets/tickets-search';
import { validatePortalSearch } from '../features/portal/portal-search';
import { validateCategoriesSearch } from '../features/categories/categories-search';
import { validateCatalogSearch } from '../features/catalog/catalog-search';
import { validateKpiSearch } from '../features/kpis/kpi-period';
import { validateCisSearch } from '../features/cmdb/cis-search';
import { validateCiPageSearch } from '../features/cmdb/ci-search';
import { rootRoute } from './root-route';
import { safeReturnPath } from './search-params';

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; error?: string; detail?: string } => ({
    redirect: safeReturnPath(search.redirect),
    error: typeof search.error === 'string' ? search.error.slice(0, 50) : undefined,
    detail: typeof search.detail === 'string' ? search.detail.slice(0, 50) : undefined,
  }),
  beforeLoad: async ({ context, search }) => {
    // Already signed in: go where the user was heading.
    const signedIn = await context.queryClient.ensureQueryData(sessionQuery).then(
      () => true,
      () => false,
    );
    if (signedIn) throw redirect({ href: search.redirect ?? '/' });
  },
  component: LoginPage,
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(sessionQuery);
    } catch (error) {
      if (hasStatus(error, 401)) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
  },
  component: AppFrame,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  // Requesters live in the self-service portal; it is their home.
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (session.user.kind === 'requester') throw redirect({ to: '/portal', replace: true });
  },
  component: HomePage,
});

const ticketsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'tickets',
  validateSearch: validateTicketsSearch,
  component: lazyRouteComponent(() => import('../features/tickets/tickets-page'), 'TicketsPage'),
});

const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'tickets/$key',
  component: lazyRouteComponent(() => import('../features/tickets/ticket-page'), 'TicketPage'),
});

const portalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'portal',
  validateSearch: validatePortalSearch,
  component: lazyRouteComponent(() => import('../features/portal/portal-page'), 'PortalPage'),
});

const portalNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'portal/new',
  component: lazyRouteComponent(() => import('../features/portal/new-request-page'), 'NewRequestPage'),
});

const portalTicketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'portal/tickets/$key',
  component: lazyRouteComponent(() => import('../features/portal/portal-ticket-page'), 'PortalTicketPage'),
});

const catalogRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'portal/catalog',
  validateSearch: validateCatalogSearch,
  component: lazyRouteComponent(() => import('../features/catalog/catalog-page'), 'CatalogPage'),
});

const catalogRequestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'portal/catalog/$id',
  component: lazyRouteComponent(() => import('../features/catalog/catalog-request-page'), 'CatalogRequestPage'),
});

const approvalsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'approvals',
  component: lazyRouteComponent(() => import('../features/approvals/approvals-page'), 'ApprovalsPage'),
});

const kpisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'desk/kpis',
  validateSearch: validateKpiSearch,
  component: lazyRouteComponent(() => import('../features/kpis/kpis-page'), 'KpisPage'),
});

const catalogAdminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/catalog',
  validateSearch: validateCatalogSearch,
  component: lazyRouteComponent(() => import('../features/catalog-admin/catalog-admin-page'), 'CatalogAdminPage'),
});

const catalogItemAdminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/catalog/$id',
  component: lazyRouteComponent(() => import('../features/catalog-admin/catalog-item-page'), 'CatalogItemPage'),
});

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/people',
  validateSearch: validatePeopleSearch,
  component: lazyRouteComponent(() => import('../features/people/people-page'), 'PeoplePage'),
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/people/$id',
  component: lazyRouteComponent(() => import('../features/people/person-page'), 'PersonPage'),
});

const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/teams',
  validateSearch: validateTeamsSearch,
  component: lazyRouteComponent(() => import('../features/teams/teams-page'), 'TeamsPage'),
});

const teamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/teams/$id',
  component: lazyRouteComponent(() => import('../features/teams/team-page'), 'TeamPage'),
});

const departmentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/departments',
  validateSearch: validateDepartmentsSearch,
  component: lazyRouteComponent(() => import('../features/departments/departments-page'), 'DepartmentsPage'),
});

const rolesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/roles',
  component: lazyRouteComponent(() => import('../features/roles/roles-page'), 'RolesPage'),
});

const apiTokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/api-tokens',
  validateSearch: validateApiTokensSearch,
  component: lazyRouteComponent(() => import('../features/api-tokens/api-tokens-page'), 'ApiTokensPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/audit',
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import('../features/audit/audit-page'), 'AuditPage'),
});

const categoriesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/categories',
  validateSearch: validateCategoriesSearch,
  component: lazyRouteComponent(() => import('../features/categories/categories-page'), 'CategoriesPage'),
});

const deskSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/desk-settings',
  component: lazyRouteComponent(() => import('../features/desk-settings/desk-settings-page'), 'DeskSettingsPage'),
});

const calendarsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/business-calendars',
  component: lazyRouteComponent(() => import('../features/sla-admin/calendars-page'), 'CalendarsPage'),
});

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/business-calendars/$id',
  component: lazyRouteComponent(() => import('../features/sla-admin/calendar-page'), 'CalendarPage'),
});

const policiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/sla-policies',
  component: lazyRouteComponent(() => import('../features/sla-admin/policies-page'), 'PoliciesPage'),
});

const policyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/sla-policies/$id',
  component: lazyRouteComponent(() => import('../features/sla-admin/policy-page'), 'PolicyPage'),
});

const cisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'cmdb',
  validateSearch: validateCisSearch,
  component: lazyRouteComponent(() => import('../features/cmdb/cis-page'), 'CisPage'),
});

const ciRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'cmdb/$key',
  validateSearch: validateCiPageSearch,
  component: lazyRouteComponent(() => import('../features/cmdb/ci-page'), 'CiPage'),
});

const ciClassesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/ci-classes',
  component: lazyRouteComponent(() => import('../features/ci-classes/ci-classes-page'), 'CiClassesPage'),
});

const ciClassRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'admin/ci-classes/$key',
  component: lazyRouteComponent(() => import('../features/ci-classes/ci-class-page'), 'CiClassPage'),
});

export const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    homeRoute,
    ticketsRoute,
    ticketRoute,
    portalRoute,
    portalNewRoute,
    portalTicketRoute,
    catalogRoute,
    catalogRequestRoute,
    approvalsRoute,
    kpisRoute,
    catalogAdminRoute,
    catalogItemAdminRoute,
    peopleRoute,
    personRoute,
    teamsRoute,
    teamRoute,
    departmentsRoute,
    rolesRoute,
    apiTokensRoute,
    auditRoute,
    categoriesRoute,
    deskSettingsRoute,
    calendarsRoute,
    calendarRoute,
    policiesRoute,
    policyRoute,
    cisRoute,
    ciRoute,
    ciClassesRoute,
    ciClassRoute,
  ]),
]);
