/** The Seahawks mark: a stylised bird's wing over a ring, drawn inline (no external assets). */

export interface LogoProps {
  size: number;
}

export function Logo({ size }: LogoProps) {
  return (
    <svg class="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="16" r="14" fill="none" stroke="#3d71d9" stroke-width="2.5" />
      <path d="M6 19c5-1 9-4 12-9 1 4 0 7-2 9 3 0 6-1 9-4-2 6-8 9-15 8-2 0-3-2-4-4z" fill="#73bf69" />
    </svg>
  );
}
