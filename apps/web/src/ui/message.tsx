/** A quiet block of text for loading, empty and error states. */
import type { ComponentChildren } from 'preact';

export interface MessageProps {
  kind?: 'info' | 'error';
  children: ComponentChildren;
}

export function Message({ kind = 'info', children }: MessageProps) {
  return (
    <div class={`message message--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
