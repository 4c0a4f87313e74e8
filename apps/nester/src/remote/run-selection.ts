import { z } from 'zod';
import { canOperateHarvester, canSeeHarvester, TEAM_LABEL } from '../auth/access.js';
import type { UserPrincipal } from '../auth/roles.js';
import type { FleetRegistry } from '../fleet/registry.js';

/** Which harvesters a run targets: any of names, labels (all must match) or a team. */
export const selectionSchema = z
  .object({
    names: z.array(z.string().min(1).max(253)).max(10_000).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    team: z.string().min(1).max(63).optional(),
  })
  .strict()
  .refine((s) => s.names !== undefined || s.labels !== undefined || s.team !== undefined, {
    message: 'name at least one of names, labels, team',
  });

export type Selection = z.infer<typeof selectionSchema>;

/** The harvesters a selection resolves to, for one user. */
export interface Resolved {
  /** Those the user may operate: the run goes to these. */
  readonly targets: string[];
  /** Those the user sees but may not operate. */
  readonly refused: string[];
  /** Names asked for that the user cannot see or that do not exist (the same answer for both). */
  readonly unknown: string[];
}

/**
 * Resolves a selection against the fleet for `user`: harvesters the user cannot see are never
 * named back, so a selection reveals nothing beyond the user's teams.
 */
export function resolveSelection(sel: Selection, fleet: FleetRegistry, user: UserPrincipal): Resolved {
  const visible = fleet.list().filter((h) => canSeeHarvester(user, h.labels));
  const matches = visible.filter(
    (h) =>
      (sel.names === undefined || sel.names.includes(h.name)) &&
      (sel.team === undefined || h.labels[TEAM_LABEL] === sel.team) &&
      Object.entries(sel.labels ?? {}).every(([k, v]) => h.labels[k] === v),
  );
  const found = new Set(matches.map((h) => h.name));
  return {
    targets: matches.filter((h) => canOperateHarvester(user, h.labels)).map((h) => h.name),
    refused: matches.filter((h) => !canOperateHarvester(user, h.labels)).map((h) => h.name),
    unknown: [...new Set(sel.names ?? [])].filter((n) => !found.has(n)),
  };
}
