/** The tabs between the admin pages: users and teams. */

export interface AdminTabsProps {
  current: 'users' | 'teams';
}

export function AdminTabs({ current }: AdminTabsProps) {
  return (
    <nav class="console-tabs" aria-label="Administration">
      <a
        href="#/admin/users"
        class="console-tabs__tab"
        aria-current={current === 'users' ? 'page' : undefined}
      >
        Users
      </a>
      <a
        href="#/admin/teams"
        class="console-tabs__tab"
        aria-current={current === 'teams' ? 'page' : undefined}
      >
        Teams
      </a>
    </nav>
  );
}
