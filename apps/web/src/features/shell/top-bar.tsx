/** The bar across the top: product name, the route table's links, theme, the user and log out. */
import type { User } from '../../lib/auth-api';
import { allowed, ROUTES, type RouteContext, type RouteDef } from '../../routes';
import { Logo } from '../../ui/logo';
import { ThemeToggle } from './theme-toggle';
import './top-bar.css';

export interface TopBarProps {
  user: User;
  /** The page shown, to mark its link as current. */
  current: { route: RouteDef; ctx: RouteContext } | null;
  onLogout: () => void;
}

export function TopBar({ user, current, onLogout }: TopBarProps) {
  const section = current ? (current.route.section ?? current.route.nav?.href) : undefined;
  const links = ROUTES.filter((r) => r.nav && allowed(r, user))
    .map((r) => r.nav!)
    .sort((a, b) => a.order - b.order);
  return (
    <header class="top-bar">
      <a class="top-bar__brand" href="#/fleet" aria-label="Seahawks: fleet">
        <Logo size={22} />
        <span class="top-bar__product">Seahawks</span>
      </a>
      <nav class="top-bar__nav" aria-label="Main">
        {links.map((link) => (
          <a
            key={link.href}
            href={link.href}
            class="top-bar__link"
            aria-current={link.href === section ? 'page' : undefined}
            title={link.key ? `${link.label} (g then ${link.key})` : link.label}
          >
            {link.label}
          </a>
        ))}
      </nav>
      <span class="top-bar__spacer" />
      <ThemeToggle />
      <a
        class="top-bar__user"
        href="#/account"
        data-testid="current-user"
        title={`${user.name} (${user.role}): account, password, sessions, API tokens`}
        aria-current={current?.route.pattern === '/account' ? 'page' : undefined}
      >
        <span class="top-bar__avatar" aria-hidden="true">
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span class="top-bar__name">{user.name}</span>
        <span class="top-bar__role">{user.role}</span>
      </a>
      <button type="button" class="button button--ghost" onClick={onLogout} data-testid="logout">
        Log out
      </button>
    </header>
  );
}
