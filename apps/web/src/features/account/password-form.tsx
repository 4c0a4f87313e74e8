/** Change one's own password: the current one, the new one twice. Other sessions end. */
import { useState } from 'preact/hooks';
import { Message } from '../../ui/message';
import { errorText } from '../admin/format';
import { changePassword } from './account-api';

export interface PasswordFormProps {
  onChanged: (otherSessionsEnded: number) => void;
}

export function PasswordForm({ onChanged }: PasswordFormProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = again !== '' && next !== again;

  const submit = async (): Promise<void> => {
    if (next !== again) return;
    setBusy(true);
    setError(null);
    try {
      const ended = await changePassword(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      onChanged(ended);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="panel console-form"
      aria-label="Change password"
      data-testid="password-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Change password</h2>
      <input type="text" name="username" autocomplete="username" hidden readOnly />
      <div class="form-grid">
        <label class="field">
          <span class="field__label">Current password</span>
          <input
            class="input"
            type="password"
            name="current"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">New password</span>
          <input
            class="input"
            type="password"
            name="new"
            autocomplete="new-password"
            minLength={12}
            required
            value={next}
            onInput={(e) => setNext(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">New password again</span>
          <input
            class="input"
            type="password"
            name="again"
            autocomplete="new-password"
            required
            aria-invalid={mismatch}
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
        </label>
      </div>
      {mismatch && <Message kind="error">The two new passwords differ.</Message>}
      {error && <Message kind="error">{error}</Message>}
      <p class="muted console-form__hint">At least 12 characters. Every other session of yours ends.</p>
      <div class="console-form__actions">
        <button type="submit" class="button button--primary" disabled={busy || mismatch}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
