/** The application shell: session gate, redirects between login and pages, and the route table. */
import { useEffect } from 'preact/hooks';
import { LoginPage } from './features/auth/login-page';
import { rememberReturn, takeReturn } from './features/auth/session';
import { useSession } from './features/auth/use-session';
import { useShortcuts } from './features/shell/shortcuts';
import { TopBar } from './features/shell/top-bar';
import type { User } from './lib/auth-api';
import { matchPattern, redirect, type Location } from './lib/hash-route';
import { useLocation } from './lib/use-location';
import { allowed, ROUTES, type RouteContext, type RouteDef } from './routes';
import { Message } from './ui/message';

const HOME = '#/fleet';

interface Resolved {
  route: RouteDef;
  ctx: RouteContext;
}

function resolve(location: Location, user: User): Resolved | null {
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern, location.segments);
    if (params) return { route, ctx: { params, query: location.query, user } };
  }
  return null;
}

function Page({ resolved, location }: { resolved: Resolved | null; location: Location }) {
  if (resolved && allowed(resolved.route, resolved.ctx.user)) return resolved.route.render(resolved.ctx);
  return (
    <section class="page">
      <Message>
        {resolved ? 'Your role cannot open' : 'There is no page at'} “{location.hash}”.{' '}
        <a href={HOME}>Go to the fleet.</a>
      </Message>
    </section>
  );
}

export function App() {
  const location = useLocation();
  const { session, signedIn, signOut, recheck } = useSession();
  const isLogin = location.segments[0] === 'login';
  const isHome = location.segments.length === 0;

  useEffect(() => {
    if (session.status === 'signed-out' && !isLogin) {
      rememberReturn(window.location.hash);
      redirect('#/login');
    } else if (session.status === 'signed-in' && (isLogin || isHome)) {
      redirect(isLogin ? takeReturn() : HOME);
    }
  }, [session.status, isLogin, isHome]);

  const user = session.status === 'signed-in' ? session.user : null;
  const resolved = user ? resolve(location, user) : null;
  useShortcuts(user !== null);

  useEffect(() => {
    const title = resolved ? resolved.route.title(resolved.ctx) : null;
    document.title = title ? `${title} · Seahawks` : 'Seahawks';
  }, [resolved?.route, location.hash]);

  switch (session.status) {
    case 'checking':
      return <div class="splash muted">Seahawks is starting…</div>;
    case 'unreachable':
      return (
        <div class="splash">
          <Message kind="error">cannot reach the nester: {session.message}</Message>
          <button type="button" class="button" onClick={recheck}>
            Try again
          </button>
        </div>
      );
    case 'signed-out':
      return <LoginPage onSignedIn={signedIn} />;
    case 'signed-in':
      return (
        <div class="shell">
          <a class="skip-link" href="#main" onClick={skipToMain}>
            Skip to content
          </a>
          <TopBar user={session.user} current={resolved} onLogout={() => void signOut()} />
          <main class="shell__main" id="main" tabIndex={-1}>
            {!isLogin && !isHome && <Page resolved={resolved} location={location} />}
          </main>
        </div>
      );
  }
}

/** The skip link moves focus without touching the hash (the hash is the route). */
function skipToMain(event: MouseEvent): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
