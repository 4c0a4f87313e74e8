/** Roles, from most to least powerful. Teams (which harvesters a user sees) come with the UI issue. */
export type Role = 'admin' | 'operator' | 'viewer';

export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is asking: a person (by session or, later, API token) or a harvester (by its credential). */
export type Principal =
  | {
      readonly kind: 'user';
      readonly name: string;
      readonly role: Role;
      readonly via: 'session' | 'token' | 'basic';
    }
  | { readonly kind: 'harvester'; readonly id: string; readonly name: string };

/** What a principal may want to do; the one place access decisions are made is `can`. */
export type Action = 'read' | 'write_metrics' | 'manage_fleet' | 'manage_users';

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
        case 'manage_fleet':
          return principal.role === 'admin' || principal.role === 'operator';
        case 'manage_users':
          return principal.role === 'admin';
      }
  }
}
