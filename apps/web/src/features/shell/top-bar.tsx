/** The bar across the top: product name, navigation, the signed-in user and a logout button. */
import type { User } from '../../lib/auth-api';
import type { Route } from '../../lib/hash-route';
import { Logo } from '../../ui/logo';
import './top-bar.css';

export interface TopBarProps {
  user: User;
  route: Route;
  onLogout: () => void;
}

export function TopBar({ user, route, onLogout }: TopBarProps) {
  const inFleet = route.page === 'fleet' || route.page === 'host';
  return (
    <header class="top-bar">
      <a class="top-bar__brand" href="#/fleet">
        <Logo size={22} />
        <span>Seahawks</span>
      </a>
      <nav class="top-bar__nav" aria-label="Main">
        <a href="#/fleet" class="top-bar__link" aria-current={inFleet ? 'page' : undefined}>
          Fleet
        </a>
      </nav>
      <span class="top-bar__spacer" />
      <span class="top-bar__user" data-testid="current-user">
        <span class="top-bar__avatar" aria-hidden="true">
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span>{user.name}</span>
        <span class="top-bar__role">{user.role}</span>
      </span>
      <button type="button" class="button button--ghost" onClick={onLogout} data-testid="logout">
        Log out
      </button>
    </header>
  );
}
