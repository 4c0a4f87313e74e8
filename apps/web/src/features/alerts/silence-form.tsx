/** Creates a silence or a weekly maintenance window from label matchers (prefilled from an alert). */
import { useState } from 'preact/hooks';
import { Message } from '../../ui/message';
import { createSilence } from './alerts-api';
import type { Matcher } from './alerts-api';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function SilenceForm({
  initial,
  pinTeams,
  onDone,
}: {
  initial: Matcher[];
  /** For a team-bound operator: the silence needs `team="<one of these>"`. */
  pinTeams?: string[];
  onDone: () => void;
}) {
  const [matchers, setMatchers] = useState<Matcher[]>(
    initial.length > 0 ? initial : [{ name: 'instance', value: '', isRegex: false, isEqual: true }],
  );
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  const [weekly, setWeekly] = useState(false);
  const [days, setDays] = useState<number[]>([0]);
  const [start, setStart] = useState('02:00');
  const [error, setError] = useState<string | null>(null);
  const set = (i: number, patch: Partial<Matcher>) =>
    setMatchers(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    const ms = weekly ? 365 * 86_400_000 : Number(hours) * 3_600_000;
    try {
      await createSilence({
        matchers,
        endsAt: new Date(Date.now() + ms).toISOString(),
        comment,
        ...(weekly
          ? { weekly: { weekdays: days, startTime: start, durationMinutes: Math.round(Number(hours) * 60) } }
          : {}),
      });
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="silence-form panel" onSubmit={(e) => void submit(e)} data-testid="silence-form">
      <h2>New silence</h2>
      {pinTeams && (
        <p class="muted" data-testid="silence-team-hint">
          Your silences must include the matcher team = {pinTeams.join(' or ')}, so that they only mute your
          teams&apos; alerts.
        </p>
      )}
      {matchers.map((m, i) => (
        <div class="silence-form__row" key={i}>
          <input
            class="input"
            aria-label="label name"
            value={m.name}
            onInput={(e) => set(i, { name: e.currentTarget.value })}
          />
          <select
            class="select"
            aria-label="operator"
            value={`${m.isEqual ? '=' : '!'}${m.isRegex ? '~' : '='}`}
            onChange={(e) => {
              const op = e.currentTarget.value;
              set(i, { isEqual: op[0] === '=', isRegex: op[1] === '~' });
            }}
          >
            <option value="==">=</option>
            <option value="!=">!=</option>
            <option value="=~">=~</option>
            <option value="!~">!~</option>
          </select>
          <input
            class="input"
            aria-label="label value"
            value={m.value}
            onInput={(e) => set(i, { value: e.currentTarget.value })}
          />
          <button
            type="button"
            class="button button--ghost"
            onClick={() => setMatchers(matchers.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        class="button button--ghost"
        onClick={() => setMatchers([...matchers, { name: '', value: '', isRegex: false, isEqual: true }])}
      >
        + matcher
      </button>
      <label class="silence-form__row">
        <input type="checkbox" checked={weekly} onChange={(e) => setWeekly(e.currentTarget.checked)} /> weekly
        maintenance window
      </label>
      {weekly && (
        <div class="silence-form__row">
          {DAYS.map((d, i) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={days.includes(i)}
                onChange={(e) =>
                  setDays(e.currentTarget.checked ? [...days, i] : days.filter((x) => x !== i))
                }
              />
              {d}
            </label>
          ))}
          <label>
            from (UTC){' '}
            <input class="input" value={start} onInput={(e) => setStart(e.currentTarget.value)} size={5} />
          </label>
        </div>
      )}
      <div class="silence-form__row">
        <label>
          {weekly ? 'lasting (hours)' : 'for (hours)'}{' '}
          <input class="input" value={hours} onInput={(e) => setHours(e.currentTarget.value)} size={4} />
        </label>
        <input
          class="input silence-form__comment"
          placeholder="why (shown to everyone)"
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
        <button type="submit" class="button button--primary">
          Create
        </button>
        <button type="button" class="button button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && <Message kind="error">{error}</Message>}
    </form>
  );
}
