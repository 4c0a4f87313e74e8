/**
 * The route table: every page of the console, the pattern of its hash, and its top-bar link.
 * Adding a page is adding an entry here (and its feature folder); the shell, the top bar and
 * the keyboard shortcuts read this table and need no edit.
 */
import type { VNode } from 'preact';
import { FleetPage } from './features/fleet/fleet-page';
import { HostPage } from './features/host/host-page';
import type { User } from './lib/auth-api';
import { lazy } from './ui/lazy';

const AlertsPage = lazy(() => import('./features/alerts/alerts-page').then((m) => m.AlertsPage));
const ExplorePage = lazy(() => import('./features/explore/explore-page').then((m) => m.ExplorePage));
const UsersPage = lazy(() => import('./features/admin/users-page').then((m) => m.UsersPage));
const TeamsPage = lazy(() => import('./features/admin/teams-page').then((m) => m.TeamsPage));
const EnrollPage = lazy(() => import('./features/enroll/enroll-page').then((m) => m.EnrollPage));
const AccountPage = lazy(() => import('./features/account/account-page').then((m) => m.AccountPage));
const TerminalPage = lazy(() => import('./features/remote/terminal-page').then((m) => m.TerminalPage));
const DesktopPage = lazy(() => import('./features/remote/desktop-page').then((m) => m.DesktopPage));
const RunPage = lazy(() => import('./features/remote/run-page').then((m) => m.RunPage));
const AuditPage = lazy(() => import('./features/remote/audit-page').then((m) => m.AuditPage));
const CastPlayerPage = lazy(() => import('./features/remote/cast-player-page').then((m) => m.CastPlayerPage));

export interface RouteContext {
  /** Named segments of the pattern (":name" → params.name). */
  params: Record<string, string>;
  query: URLSearchParams;
  user: User;
}

export interface NavLink {
  label: string;
  href: string;
  /** Position in the top bar, smallest first. */
  order: number;
  /** "g" then this key opens the link (shown in its tooltip). */
  key?: string;
}

export interface RouteDef {
  /** "/fleet", "/host/:name": one segment per ":x". */
  pattern: string;
  /** The document title (the product name is appended). */
  title: (ctx: RouteContext) => string;
  render: (ctx: RouteContext) => VNode;
  /** The top-bar link of this page, if it has one. */
  nav?: NavLink;
  /** The top-bar link shown as current on this page (default: its own, if any). */
  section?: string;
  /** Roles that may open the page and see its link; absent: every signed-in user. */
  roles?: readonly string[];
}

export const ROUTES: RouteDef[] = [
  {
    pattern: '/fleet',
    title: () => 'Fleet',
    render: ({ query }) => <FleetPage query={query} />,
    nav: { label: 'Fleet', href: '#/fleet', order: 10, key: 'f' },
  },
  {
    pattern: '/host/:name',
    title: ({ params }) => params['name'] ?? 'Host',
    render: ({ params, query, user }) => (
      <HostPage key={params['name']} name={params['name'] ?? ''} query={query} user={user} />
    ),
    section: '#/fleet',
  },
  {
    pattern: '/alerts',
    title: () => 'Alerts',
    render: ({ query, user }) => (
      <AlertsPage query={query} canSilence={user.role === 'admin' || user.role === 'operator'} />
    ),
    nav: { label: 'Alerts', href: '#/alerts', order: 15, key: 'a' },
  },
  {
    pattern: '/explore',
    title: () => 'Explore',
    render: ({ query }) => <ExplorePage query={query} />,
    nav: { label: 'Explore', href: '#/explore', order: 20, key: 'e' },
  },
  {
    pattern: '/enroll',
    title: () => 'Enroll',
    render: ({ user }) => <EnrollPage role={user.role} teams={user.teams ?? []} />,
    nav: { label: 'Enroll', href: '#/enroll', order: 70, key: 'n' },
    roles: ['admin', 'operator'],
  },
  {
    pattern: '/admin/users',
    title: () => 'Users',
    render: ({ user }) => <UsersPage self={user.name} />,
    nav: { label: 'Users', href: '#/admin/users', order: 80, key: 'u' },
    roles: ['admin'],
  },
  {
    pattern: '/admin/teams',
    title: () => 'Teams',
    render: () => <TeamsPage />,
    section: '#/admin/users',
    roles: ['admin'],
  },
  // Remote maintenance (features/remote): open to every role on purpose, so that a viewer who
  // follows a link sees the nester's own refusal; the host page offers them to operators only.
  {
    pattern: '/remote/terminal/:name',
    title: ({ params }) => `Terminal · ${params['name'] ?? ''}`,
    render: ({ params }) => <TerminalPage key={params['name']} name={params['name'] ?? ''} />,
    section: '#/fleet',
  },
  {
    pattern: '/remote/desktop/:name',
    title: ({ params }) => `Desktop · ${params['name'] ?? ''}`,
    render: ({ params }) => <DesktopPage key={params['name']} name={params['name'] ?? ''} />,
    section: '#/fleet',
  },
  {
    pattern: '/run',
    title: () => 'Run',
    render: ({ query }) => <RunPage query={query} />,
    nav: { label: 'Run', href: '#/run', order: 30, key: 'r' },
  },
  {
    pattern: '/audit',
    title: () => 'Audit',
    render: ({ query }) => <AuditPage query={query} />,
    nav: { label: 'Audit', href: '#/audit', order: 60, key: 'l' },
  },
  {
    pattern: '/audit/:id',
    title: () => 'Recording',
    render: ({ params }) => <CastPlayerPage key={params['id']} id={params['id'] ?? ''} />,
    section: '#/audit',
  },
  {
    pattern: '/account',
    title: () => 'Account',
    render: () => <AccountPage />,
  },
];

/** Whether `user` may open a route (and see its link). */
export function allowed(route: RouteDef, user: User): boolean {
  return route.roles === undefined || route.roles.includes(user.role);
}
