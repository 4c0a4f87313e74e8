/**
 * Keyboard shortcuts of the whole console: "/" focuses the page's search or query box (any
 * element marked `data-shortcut="search"`), "g" then a letter opens a top-bar page (the letter
 * is the route's `nav.key`), Escape leaves a text field. Ignored while typing in a field.
 */
import { useEffect } from 'preact/hooks';
import { navigate } from '../../lib/hash-route';
import { ROUTES } from '../../routes';

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let pendingG = 0;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (typing(e.target)) {
        if (e.key === 'Escape' && e.target instanceof HTMLInputElement) e.target.blur();
        return;
      }
      if (e.key === '/') {
        const search = document.querySelector<HTMLElement>('[data-shortcut="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
        return;
      }
      if (e.key === 'g') {
        pendingG = e.timeStamp;
        return;
      }
      if (pendingG !== 0 && e.timeStamp - pendingG < 1500) {
        const route = ROUTES.find((r) => r.nav?.key === e.key);
        if (route?.nav) navigate(route.nav.href);
      }
      pendingG = 0;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
