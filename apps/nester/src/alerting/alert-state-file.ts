// The alerting state that must survive a restart: every alert of every rule (so `for` keeps
// counting and a firing alert stays firing), what each receiver was last notified, and the
// history of state changes. Kept in `<dataDir>/alerting/state.json`, written after evaluations.
import { labelsFromRecord, labelsKey, labelsToRecord } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';
import type { Alert } from './rules/alerting-rule.js';
import type { RuleGroup } from './rules/rule-group.js';
import type { NotifiedEntry } from './notify/dispatcher.js';

export interface HistoryEntry {
  readonly at: number;
  readonly alertname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly from: 'inactive' | 'pending' | 'firing';
  readonly to: 'pending' | 'firing' | 'resolved' | 'inactive';
  readonly value: number;
}

interface SavedAlert extends Omit<Alert, 'labels'> {
  readonly file: string;
  readonly group: string;
  readonly rule: string;
  readonly labels: Record<string, string>;
}

export interface AlertingStateDoc {
  version: 1;
  alerts: SavedAlert[];
  notified: Array<[string, NotifiedEntry]>;
  history: HistoryEntry[];
}

export const EMPTY_STATE: AlertingStateDoc = { version: 1, alerts: [], notified: [], history: [] };

export function snapshotAlerts(groups: Iterable<RuleGroup>): SavedAlert[] {
  const out: SavedAlert[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.kind !== 'alert') continue;
      for (const a of r.active.values()) {
        out.push({
          ...a,
          file: g.spec.file,
          group: g.spec.name,
          rule: r.name,
          labels: labelsToRecord(a.labels),
        });
      }
    }
  }
  return out;
}

/** Puts saved alerts back into the rules they belong to; returns how many were restored. */
export function restoreAlerts(groups: Iterable<RuleGroup>, saved: readonly SavedAlert[]): number {
  const byRule = new Map<string, SavedAlert[]>();
  for (const s of saved) {
    const k = `${s.file}\u0000${s.group}\u0000${s.rule}`;
    byRule.set(k, [...(byRule.get(k) ?? []), s]);
  }
  let n = 0;
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.kind !== 'alert') continue;
      for (const s of byRule.get(`${g.spec.file}\u0000${g.spec.name}\u0000${r.name}`) ?? []) {
        const labels = labelsFromRecord(s.labels);
        r.active.set(labelsKey(labels), {
          state: s.state,
          labels,
          annotations: s.annotations,
          value: s.value,
          activeAt: s.activeAt,
          firedAt: s.firedAt,
          resolvedAt: s.resolvedAt,
          lastSentAt: s.lastSentAt,
          validUntil: s.validUntil,
          keepFiringSince: s.keepFiringSince,
        });
        n++;
      }
    }
  }
  return n;
}

export type StateFile = JsonFile<AlertingStateDoc>;
