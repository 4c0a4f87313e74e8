// What one person sees of the alerting subsystem and which silences they may make. The decisions
// are auth/access.ts's (`canSeeAlert`, `canSeeSilence`, `canSilence`); this file applies them to
// alerts, rules, history, undelivered notifications and silences.
import { labelsToRecord } from '@seahawks/model';
import { canSeeAlert, canSeeSilence, canSilence, TEAM_LABEL } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import type { HistoryEntry } from './alert-state-file.js';
import type { DeadLetter } from './notify/delivery.js';
import type { Alert } from './rules/alerting-rule.js';
import type { Matcher } from './silences/silence.js';

/** A viewpoint on alerts: the person asking, or nobody (no principal sees nothing). */
export class AlertScope {
  private constructor(private readonly principal: Principal | undefined) {}

  static of(principal: Principal | undefined): AlertScope {
    return new AlertScope(principal);
  }

  /** Whether an alert (or anything else carrying an alert's labels) is visible. */
  sees(labels: Readonly<Record<string, string>>): boolean {
    return this.principal !== undefined && canSeeAlert(this.principal, labels);
  }

  /** The visible alerts of a rule that are pending or firing. */
  activeAlerts(alerts: Iterable<Alert>): Alert[] {
    return [...alerts].filter((a) => a.state !== 'inactive' && this.sees(labelsToRecord(a.labels)));
  }

  /** A history entry is visible when the alert it is about is. */
  seesHistory(e: HistoryEntry): boolean {
    return this.sees(e.labels);
  }

  /** An undelivered notification is visible when every alert in it is (by their teams). */
  seesDeadLetter(d: DeadLetter): boolean {
    return d.teams.every((team) => this.sees(team === '' ? {} : { [TEAM_LABEL]: team }));
  }

  seesSilence(matchers: readonly Matcher[]): boolean {
    return this.principal !== undefined && canSeeSilence(this.principal, pinnedTeams(matchers));
  }

  /** Whether this person may create, or expire, a silence with these matchers. */
  maySilence(matchers: readonly Matcher[]): boolean {
    return this.principal !== undefined && canSilence(this.principal, pinnedTeams(matchers));
  }

  /**
   * The teams a new silence must be pinned to (`team="<one of them>"`), or undefined when any
   * silence will do (admins, `*` users) — for the UI's form; `[]` for those who may not silence.
   */
  silenceTeams(): string[] | undefined {
    const p = this.principal;
    if (p?.kind !== 'user') return [];
    if (canSilence(p, [])) return undefined;
    return canSilence(p, p.teams) ? [...p.teams].sort() : [];
  }
}

/** A rule's state as these alerts make it: firing if one fires, else pending if one is pending. */
export function stateOf(alerts: readonly Alert[]): 'inactive' | 'pending' | 'firing' {
  if (alerts.some((a) => a.state === 'firing')) return 'firing';
  return alerts.some((a) => a.state === 'pending') ? 'pending' : 'inactive';
}

/**
 * The teams a silence is pinned to: the values of its `team="…"` matchers. Every matcher of a
 * silence must match, so it can only mute alerts of those teams (of one, in practice).
 */
export function pinnedTeams(matchers: readonly Matcher[]): string[] {
  return matchers
    .filter((m) => m.name === TEAM_LABEL && m.isEqual && !m.isRegex && m.value !== '')
    .map((m) => m.value);
}
