/**
 * A secret or a command shown once, read-only, with a Copy button. The Clipboard API needs a
 * secure context (HTTPS or localhost); over plain HTTP the text is selected and copied the old
 * way, and if even that fails it stays selected for Ctrl+C.
 */
import { useRef, useState } from 'preact/hooks';

export interface CopyFieldProps {
  value: string;
  /** Accessible name of the field, e.g. "Join command". */
  label: string;
  testId?: string;
}

type CopyState = 'idle' | 'copied' | 'select';

export function CopyField({ value, label, testId }: CopyFieldProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<CopyState>('idle');

  const copy = async (): Promise<void> => {
    try {
      if (!window.isSecureContext || !navigator.clipboard) throw new Error('no clipboard API here');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch (error) {
      const area = ref.current;
      area?.focus();
      area?.select();
      // execCommand is deprecated but the only copy there is outside a secure context.
      const copied = area !== null && document.execCommand('copy');
      if (!copied) console.warn('cannot copy to the clipboard:', error);
      setState(copied ? 'copied' : 'select');
    }
  };

  return (
    <div class="copy-field">
      <textarea
        ref={ref}
        class="copy-field__text"
        readOnly
        rows={Math.min(4, Math.max(1, Math.ceil(value.length / 90)))}
        aria-label={label}
        data-testid={testId}
        value={value}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" class="button button--primary copy-field__button" onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'select' && (
        <span class="copy-field__hint muted" role="status">
          Selected: press Ctrl+C to copy.
        </span>
      )}
    </div>
  );
}
