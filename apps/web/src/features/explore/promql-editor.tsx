/**
 * The PromQL box: CodeMirror 6 with Prometheus' own PromQL mode (highlighting, its offline
 * linter, and completion of functions, metric names, label names and values from the nester's
 * Prometheus API). Enter runs the query (Shift+Enter breaks the line); an error the engine
 * reported is underlined where it points.
 */
import { closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { useEffect, useRef } from 'preact/hooks';

export interface EditorError {
  /** Offset in the query where the error is, or null when the engine gave no position. */
  offset: number | null;
  message: string;
}

export interface PromqlEditorProps {
  /** The text the editor starts with; it owns the text from then on (re-key it to reset). */
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  error: EditorError | null;
}

function promql(): PromQLExtension {
  return new PromQLExtension().setComplete({
    remote: {
      url: window.location.origin,
      apiPrefix: '/api/v1',
      // GET: reads need no CSRF header, and the session cookie goes along (same origin).
      httpMethod: 'GET',
      lookbackInterval: 12 * 3600 * 1000,
      httpErrorHandler: (error: unknown) => console.warn('cannot load completions:', error),
    },
  });
}

const editorTheme = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'var(--bg-input)', color: 'var(--text)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { fontFamily: 'var(--font-mono)', padding: '7px 0', caretColor: 'var(--text-strong)' },
  '.cm-line': { padding: '0 10px' },
  '.cm-cursor': { borderLeftColor: 'var(--text-strong)' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--bg-selected)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--bg-panel)',
    border: '1px solid var(--border)',
    color: 'var(--text)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--primary)', color: '#fff' },
  '.cm-completionDetail': { color: 'var(--text-muted)', marginLeft: '8px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--crit)' },
});

export function PromqlEditor({ value, onChange, onRun, error }: PromqlEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const run = (): boolean => {
      callbacks.current.onRun();
      return true;
    };
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          bracketMatching(),
          keymap.of([
            ...closeBracketsKeymap,
            ...completionKeymap,
            { key: 'Enter', run },
            { key: 'Mod-Enter', run },
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          placeholder('Type a PromQL query, e.g. rate(node_network_receive_bytes_total[5m])'),
          promql().asExtension(),
          syntaxHighlighting(classHighlighter),
          editorTheme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'PromQL query', 'data-shortcut': 'search' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged) return;
            callbacks.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const length = view.state.doc.length;
    const diagnostics =
      error === null || error.offset === null
        ? []
        : [
            {
              from: Math.min(error.offset, length),
              to: Math.min(error.offset + 1, length),
              severity: 'error' as const,
              message: error.message,
              source: 'nester',
            },
          ];
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [error]);

  return <div ref={hostRef} class="promql-editor" data-testid="explore-editor" />;
}
