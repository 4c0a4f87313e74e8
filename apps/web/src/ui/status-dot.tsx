/** A small coloured dot for a harvester's connection state. */

export interface StatusDotProps {
  online: boolean;
}

export function StatusDot({ online }: StatusDotProps) {
  return (
    <span
      class={`status-dot ${online ? 'status-dot--online' : 'status-dot--offline'}`}
      role="img"
      aria-label={online ? 'online' : 'offline'}
      title={online ? 'online' : 'offline'}
    />
  );
}
