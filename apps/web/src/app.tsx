/** The application shell: session gate, redirects between login and pages, and the route switch. */
import { useEffect } from 'preact/hooks';
import { LoginPage } from './features/auth/login-page';
import { rememberReturn, takeReturn } from './features/auth/session';
import { useSession } from './features/auth/use-session';
import { FleetPage } from './features/fleet/fleet-page';
import { HostPage } from './features/host/host-page';
import { TopBar } from './features/shell/top-bar';
import { redirect, parseRoute, type Route } from './lib/hash-route';
import { useHashRoute } from './lib/use-hash-route';
import { Message } from './ui/message';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'fleet':
      return <FleetPage />;
    case 'host':
      return <HostPage key={route.name} name={route.name} rangeKey={route.range} />;
    case 'login':
      return null;
    case 'not-found':
      return (
        <section class="page">
          <Message>
            There is no page at “{route.hash}”. <a href="#/fleet">Go to the fleet.</a>
          </Message>
        </section>
      );
  }
}

export function App() {
  const route = useHashRoute();
  const { session, signedIn, signOut, recheck } = useSession();

  useEffect(() => {
    if (session.status === 'signed-out' && route.page !== 'login') {
      rememberReturn(window.location.hash);
      redirect({ page: 'login' });
    } else if (session.status === 'signed-in' && route.page === 'login') {
      redirect(parseRoute(takeReturn()));
    }
  }, [session.status, route.page]);

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
          <TopBar user={session.user} route={route} onLogout={() => void signOut()} />
          <main class="shell__main">
            <Page route={route} />
          </main>
        </div>
      );
  }
}
