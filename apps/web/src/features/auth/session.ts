/** Where the app stands with the nester's session. */
import type { User } from '../../lib/auth-api';

export type Session =
  | { status: 'checking' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User }
  | { status: 'unreachable'; message: string };

const RETURN_KEY = 'seahawks.returnTo';

/** Remembers where to go after signing in (a hash such as "#/host/web-1"). */
export function rememberReturn(hash: string): void {
  if (hash === '' || hash.startsWith('#/login')) return;
  try {
    window.sessionStorage.setItem(RETURN_KEY, hash);
  } catch (error) {
    console.warn('cannot remember the page to return to:', error);
  }
}

/** The remembered hash, once (it is forgotten as it is read), or "#/fleet". */
export function takeReturn(): string {
  try {
    const hash = window.sessionStorage.getItem(RETURN_KEY);
    window.sessionStorage.removeItem(RETURN_KEY);
    return hash ?? '#/fleet';
  } catch (error) {
    console.warn('cannot read the page to return to:', error);
    return '#/fleet';
  }
}
