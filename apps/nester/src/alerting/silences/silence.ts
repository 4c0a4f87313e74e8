// Silences and maintenance windows: label matchers (Alertmanager's shape: name, value, isRegex,
// isEqual) that mute the nester's notifications for matching alerts while active. A silence is
// active from `startsAt` to `endsAt`; a maintenance window also repeats every week on the given
// days for `durationMinutes` from `startTime` (UTC), between `startsAt` and `endsAt`.
import { InvalidInputError, isValidLabelName } from '@seahawks/model';
import { z } from 'zod';

export const matcherSchema = z
  .object({
    name: z.string().refine(isValidLabelName, 'invalid label name'),
    value: z.string().max(1024),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .strict();

export const weeklySchema = z
  .object({
    /** 0 = Sunday … 6 = Saturday. */
    weekdays: z.array(z.number().int().min(0).max(6)).min(1),
    /** `HH:MM`, UTC. */
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (UTC)'),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  })
  .strict();

export const silenceInputSchema = z
  .object({
    matchers: z.array(matcherSchema).min(1).max(32),
    /** ISO 8601; default now. */
    startsAt: z.string().datetime({ offset: true }).optional(),
    endsAt: z.string().datetime({ offset: true }),
    comment: z.string().max(2000).default(''),
    /** Present for a recurring maintenance window. */
    weekly: weeklySchema.optional(),
  })
  .strict();

export type Matcher = z.infer<typeof matcherSchema>;
export type SilenceInput = z.infer<typeof silenceInputSchema>;

export interface Silence {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  /** ms since the epoch. */
  readonly startsAt: number;
  endsAt: number;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly comment: string;
  readonly weekly?: z.infer<typeof weeklySchema>;
}

/** Compiles a matcher once; regexes are anchored as in Alertmanager. */
export function compileMatcher(m: Matcher): (labels: Readonly<Record<string, string>>) => boolean {
  let test: (v: string) => boolean;
  if (m.isRegex) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${m.value})$`, 'u');
    } catch (err) {
      throw new InvalidInputError(`cannot use matcher ${m.name}=~"${m.value}": ${(err as Error).message}`, {
        cause: err,
      });
    }
    test = (v) => re.test(v);
  } else {
    test = (v) => v === m.value;
  }
  return (labels) => test(labels[m.name] ?? '') === m.isEqual;
}

const WEEK_MS = 7 * 86_400_000;

/** Whether the silence mutes at `now` (ms). */
export function silenceActive(s: Silence, now: number): boolean {
  if (now < s.startsAt || now >= s.endsAt) return false;
  if (!s.weekly) return true;
  const [hh, mm] = s.weekly.startTime.split(':').map(Number) as [number, number];
  const durationMs = s.weekly.durationMinutes * 60_000;
  // Windows may start on an earlier day and run past midnight: look back a whole week.
  const day = Math.floor(now / 86_400_000) * 86_400_000;
  for (let back = 0; back * 86_400_000 <= WEEK_MS; back++) {
    const start = day - back * 86_400_000 + (hh * 60 + mm) * 60_000;
    if (!s.weekly.weekdays.includes(new Date(start).getUTCDay())) continue;
    if (now >= start && now < start + durationMs) return true;
  }
  return false;
}

/** Alertmanager's silence state at `now`. */
export function silenceStatus(s: Silence, now: number): 'pending' | 'active' | 'expired' {
  if (now >= s.endsAt) return 'expired';
  if (now < s.startsAt) return 'pending';
  return 'active';
}
