/**
 * Preact hook: the session, checked once at start with `/api/auth/me`, dropped whenever any API
 * call answers 401, and ended by `signOut`.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { setUnauthorizedHandler } from '../../lib/api-client';
import { currentUser, logout, type User } from '../../lib/auth-api';
import type { Session } from './session';

export interface SessionControls {
  session: Session;
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
  recheck: () => void;
}

export function useSession(): SessionControls {
  const [session, setSession] = useState<Session>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setUnauthorizedHandler(() => setSession({ status: 'signed-out' }));
    return () => setUnauthorizedHandler(() => undefined);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    currentUser(controller.signal)
      .then((user) => setSession(user ? { status: 'signed-in', user } : { status: 'signed-out' }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setSession({
          status: 'unreachable',
          message: error instanceof Error ? error.message : String(error),
        });
      });
    return () => controller.abort();
  }, [attempt]);

  const signedIn = useCallback((user: User) => setSession({ status: 'signed-in', user }), []);
  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setSession({ status: 'signed-out' });
    }
  }, []);
  const recheck = useCallback(() => {
    setSession({ status: 'checking' });
    setAttempt((n) => n + 1);
  }, []);
  return { session, signedIn, signOut, recheck };
}
