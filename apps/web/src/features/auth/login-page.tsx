/** The sign-in card: username and password, and the nester's reason when it says no. */
import { useState } from 'preact/hooks';
import { ApiError } from '../../lib/api-client';
import { login, type User } from '../../lib/auth-api';
import { Logo } from '../../ui/logo';
import './login.css';

export interface LoginPageProps {
  onSignedIn: (user: User) => void;
}

function failureText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return error.message && !error.message.startsWith('HTTP ')
      ? error.message
      : 'Wrong username or password.';
  }
  if (error instanceof ApiError && error.status === 429) return `Too many attempts: ${error.message}`;
  return `cannot sign in: ${error instanceof Error ? error.message : String(error)}`;
}

export function LoginPage({ onSignedIn }: LoginPageProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login(username.trim(), password));
    } catch (e) {
      setError(failureText(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login" data-testid="login-page">
      <form
        class="login__card panel"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="login__brand">
          <Logo size={40} />
          <div>
            <h1 class="login__title">Seahawks</h1>
            <p class="login__subtitle muted">Fleet monitoring console</p>
          </div>
        </div>
        {error && (
          <div class="login__error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <label class="field">
          <span class="field__label">Username</span>
          <input
            class="input"
            name="username"
            autocomplete="username"
            required
            autofocus
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Password</span>
          <input
            class="input"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button class="button button--primary login__submit" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
