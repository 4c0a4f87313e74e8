/** A terminal on a harvester: xterm.js fitted to the panel, relayed by the nester through the tunnel. */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { hostHash } from '../../lib/hash-route';
import { closeText } from './remote-api';
import { connectTerminal } from './terminal-connection';
import './remote.css';

type State =
  | { status: 'connecting' }
  | { status: 'open'; id: string; recording: boolean }
  | { status: 'closed'; message: string; refused: boolean };

export function TerminalPage({ name }: { name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ status: 'connecting' });
  const [size, setSize] = useState('');
  useEffect(() => {
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      fontSize: 14,
      scrollback: 10_000,
      theme: { background: '#0b1220' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box.current!);
    fit.fit();
    setSize(`${term.cols}×${term.rows}`);
    let exited: string | null = null;
    const conn = connectTerminal(name, term.cols, term.rows, {
      write: (data, done) => term.write(data, done),
      onReady: (info) => {
        setState({ status: 'open', id: info.id, recording: info.recording });
        term.focus();
      },
      onExit: (e) => {
        exited =
          e.reason === 'idle'
            ? 'closed after the idle timeout'
            : e.reason === 'error'
              ? `could not start: ${e.message ?? 'unknown error'}`
              : `exited with status ${e.exitCode ?? `signal ${e.signal ?? '?'}`}`;
      },
      onClose: (code, reason) => {
        setState({ status: 'closed', message: exited ?? closeText(code, reason), refused: code === 4403 });
      },
    });
    term.onData((d) => conn.input(d));
    term.onResize(({ cols, rows }) => {
      setSize(`${cols}×${rows}`);
      conn.resize(cols, rows);
    });
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste, as in desktop terminals (Ctrl+C stays an interrupt).
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC' && term.hasSelection()) {
        void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      if (e.code === 'KeyV') {
        void navigator.clipboard?.readText().then((t) => term.paste(t));
        return false;
      }
      return true;
    });
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      conn.close();
      term.dispose();
    };
  }, [name]);
  return (
    <section class="page remote-page">
      <header class="remote-page__bar">
        <a href={hostHash(name)}>← {name}</a>
        <h1>Terminal</h1>
        <span class="muted" data-testid="terminal-size">
          {size}
        </span>
        <span class="toolbar__spacer" />
        <TerminalStatus state={state} />
      </header>
      <div class="remote-terminal" ref={box} data-testid="terminal" />
    </section>
  );
}

function TerminalStatus({ state }: { state: State }) {
  switch (state.status) {
    case 'connecting':
      return (
        <span class="pill" data-testid="terminal-status" data-state="connecting">
          connecting…
        </span>
      );
    case 'open':
      return (
        <span class="pill pill--online" data-testid="terminal-status" data-state="open">
          connected{state.recording ? ' · recorded' : ''}
        </span>
      );
    case 'closed':
      return (
        <span
          class={`pill ${state.refused ? 'pill--offline' : ''}`}
          data-testid="terminal-status"
          data-state={state.refused ? 'refused' : 'closed'}
        >
          {state.refused ? 'refused: ' : ''}
          {state.message}
        </span>
      );
  }
}
