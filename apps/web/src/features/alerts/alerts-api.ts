/** The nester's alerting API (`/api/alerting/*`, docs/alerting.md) as the alerts page uses it. */
import { apiRequest } from '../../lib/api-client';

export type AlertState = 'pending' | 'firing' | 'resolved';

export interface UiAlert {
  rule: string;
  group: string;
  file: string;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number;
  activeAt: number;
  firedAt?: number;
  resolvedAt?: number;
  silencedBy: string[];
}

export interface HistoryEntry {
  at: number;
  alertname: string;
  labels: Record<string, string>;
  from: string;
  to: string;
  value: number;
}

export interface DeadLetter {
  at: number;
  integration: string;
  receiver: string;
  attempts: number;
  error: string;
  summary: string;
  teams: string[];
}

export interface AlertsAnswer {
  alerts: UiAlert[];
  history: HistoryEntry[];
  deadLetters: DeadLetter[];
}

export interface PromRule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  state?: 'inactive' | 'pending' | 'firing';
  duration?: number;
  keepFiringFor?: number;
  labels: Record<string, string>;
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  lastEvaluation: string;
  evaluationTime: number;
  alerts?: unknown[];
}

export interface RuleFileProblem {
  line?: number;
  group?: string;
  rule?: string;
  reason: string;
  message: string;
}

export interface RuleFile {
  name: string;
  origin: 'builtin' | 'config' | 'ui';
  editable: boolean;
  text: string;
  rejectedText?: string;
  problems: RuleFileProblem[];
}

export interface RulesAnswer {
  groups: Array<{ name: string; file: string; interval: number; lastEvaluation: string; rules: PromRule[] }>;
  files: RuleFile[];
  canEdit: boolean;
}

export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: 'pending' | 'active' | 'expired';
  weekly?: { weekdays: number[]; startTime: string; durationMinutes: number };
}

export const fetchAlerts = (signal?: AbortSignal) =>
  apiRequest<AlertsAnswer>('/api/alerting/alerts', { signal });
export const fetchRules = (signal?: AbortSignal) =>
  apiRequest<RulesAnswer>('/api/alerting/rules', { signal });
export interface SilencesAnswer {
  silences: Silence[];
  /** Whether the signed-in user may create silences. */
  canCreate: boolean;
  /** Present for users bound to teams: a silence must carry `team="<one of these>"`. */
  teams?: string[];
}

export const fetchSilences = (signal?: AbortSignal) =>
  apiRequest<SilencesAnswer>('/api/alerting/silences', { signal });

export const createSilence = (body: {
  matchers: Matcher[];
  endsAt: string;
  comment: string;
  weekly?: Silence['weekly'];
}) => apiRequest<{ silence: Silence }>('/api/alerting/silences', { method: 'POST', body });

export const expireSilence = (id: string) =>
  apiRequest<{ ok: boolean }>(`/api/alerting/silences/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const saveRuleFile = (name: string, text: string) =>
  apiRequest<{ ok: boolean; name: string }>('/api/alerting/rule-files', {
    method: 'PUT',
    body: { name, text },
  });
