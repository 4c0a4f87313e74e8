/**
 * A component whose code is loaded on first use (a separate bundle chunk), so pages with heavy
 * dependencies (the PromQL editor) do not slow down the others. Shows a quiet line while loading
 * and the loader's error if the chunk cannot be fetched.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Message } from './message';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [, setReady] = useState(loaded !== null);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      if (loaded) return;
      pending ??= load();
      pending
        .then((c) => {
          loaded = c;
          setReady(true);
        })
        .catch((e: unknown) => {
          pending = null;
          setError(e instanceof Error ? e.message : String(e));
        });
    }, []);
    if (error) return <Message kind="error">cannot load this page: {error}</Message>;
    if (!loaded) return <Message>Loading…</Message>;
    const Component = loaded;
    return <Component {...props} />;
  };
}
