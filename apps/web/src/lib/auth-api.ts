/** Session endpoints of the nester: `/api/auth/{login,logout,me}`. */
import { ApiError, apiRequest } from './api-client';

/** The signed-in user as the nester describes it; `role` is 'admin', 'operator' or 'viewer'. */
export interface User {
  name: string;
  role: string;
  /** Teams whose harvesters the user sees ("*" for all); admins see all whatever this says. */
  teams?: string[];
}

interface UserEnvelope {
  user: User;
}

/** Signs in; rejects with an ApiError (status 401 and the server's text for bad credentials). */
export async function login(username: string, password: string): Promise<User> {
  const body = await apiRequest<UserEnvelope>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    notifyUnauthorized: false,
  });
  return body.user;
}

/** Ends the session (the nester clears the cookie). */
export async function logout(): Promise<void> {
  await apiRequest<undefined>('/api/auth/logout', { method: 'POST', notifyUnauthorized: false });
}

/** The current user, or null when there is no valid session. */
export async function currentUser(signal?: AbortSignal): Promise<User | null> {
  try {
    const body = await apiRequest<UserEnvelope>('/api/auth/me', {
      notifyUnauthorized: false,
      ...(signal ? { signal } : {}),
    });
    return body.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
