/**
 * Dark and light themes: the operator's choice (kept in localStorage) or, until they choose,
 * the system's (`prefers-color-scheme`, followed live). The theme in force is set as
 * `data-theme` on <html>; CSS tokens (styles/theme.css) and charts read it from there.
 */
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'dark' | 'light';

const KEY = 'seahawks.theme';
const listeners = new Set<(theme: Theme) => void>();

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function storedTheme(): Theme | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null;
  }
}

/** The theme in force. */
export function currentTheme(): Theme {
  return document.documentElement.dataset['theme'] === 'light' ? 'light' : 'dark';
}

function apply(theme: Theme): void {
  const root = document.documentElement;
  if (root.dataset['theme'] === theme) return;
  root.dataset['theme'] = theme;
  for (const listener of listeners) listener(theme);
}

/** Sets the theme at start (before the first render) and follows the system until a choice. */
export function initTheme(): void {
  apply(storedTheme() ?? systemTheme());
  window.matchMedia?.('(prefers-color-scheme: light)').addEventListener('change', () => {
    if (storedTheme() === null) apply(systemTheme());
  });
}

/** Chooses a theme and remembers it. */
export function chooseTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(KEY, theme);
  } catch (error) {
    console.warn('cannot remember the theme:', error);
  }
  apply(theme);
}

/** Preact hook: the theme in force, re-rendering when it changes. */
export function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => {
    listeners.add(setTheme);
    setTheme(currentTheme());
    return () => void listeners.delete(setTheme);
  }, []);
  return theme;
}
