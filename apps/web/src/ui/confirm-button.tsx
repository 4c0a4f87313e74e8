/**
 * A destructive action asked twice, in place: the first click turns the button into "Confirm" and
 * "Cancel" (no browser dialog, which would block the page and cannot be styled).
 */
import { useState } from 'preact/hooks';

export interface ConfirmButtonProps {
  /** The action, e.g. "Revoke". */
  label: string;
  /** What it does to what, for screen readers and the confirmation, e.g. "Revoke web-1". */
  description: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
  testId?: string;
}

export function ConfirmButton({ label, description, onConfirm, disabled, testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        class="button button--danger-ghost"
        aria-label={description}
        disabled={disabled}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={`${description}?`}>
      <button
        type="button"
        class="button button--danger"
        disabled={busy}
        autoFocus
        data-testid={testId ? `${testId}-confirm` : undefined}
        onClick={() => {
          setBusy(true);
          void Promise.resolve(onConfirm()).finally(() => {
            setBusy(false);
            setAsking(false);
          });
        }}
      >
        {busy ? '…' : `Confirm ${label.toLowerCase()}`}
      </button>
      <button type="button" class="button button--ghost" disabled={busy} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
