/** Roles, from most to least powerful. Which harvesters a role applies to is decided by teams (access.ts). */
export type Role = 'admin' | 'operator' | 'viewer';

export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Who is asking: a person (by session, API token or Basic auth) or a harvester (by its credential).
 * A person's role and teams are read from the user store at every request, so a demotion or a
 * team change applies at once, even to sessions already open.
 */
export type Principal =
  | {
      readonly kind: 'user';
      readonly name: string;
      readonly role: Role;
      /** Teams whose harvesters this user sees; ignored for admins, who see everything. */
      readonly teams: readonly string[];
      readonly via: 'session' | 'token' | 'basic';
    }
  | { readonly kind: 'harvester'; readonly id: string; readonly name: string };

export type UserPrincipal = Principal & { kind: 'user' };

/**
 * Fleet-wide actions (not about one harvester); per-harvester decisions are in access.ts.
 * The one place global access decisions are made is `can`.
 */
export type Action =
  | 'read'
  | 'write_metrics'
  | 'manage_fleet'
  | 'manage_users'
  | 'manage_alerts'
  | 'edit_rules'
  | 'delete_series';

export function can(principal: Principal, action: Action): boolean {
  switch (principal.kind) {
    case 'harvester':
      // A harvester may only push its own metrics; it cannot read anything.
      return action === 'write_metrics';
    case 'user':
      switch (action) {
        case 'read':
          return true;
        case 'write_metrics':
        case 'manage_alerts':
          return principal.role === 'admin' || principal.role === 'operator';
        case 'manage_fleet':
        case 'manage_users':
          return principal.role === 'admin';
        case 'edit_rules':
          // Rule files decide what pages people at night, for every team: admins only.
          return principal.role === 'admin';
        case 'delete_series':
          // Deleting samples cannot be undone, and a selector may reach every team's series.
          return principal.role === 'admin';
      }
  }
}
