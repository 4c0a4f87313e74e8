/** Plays back an asciicast recording of a terminal session in xterm.js, with its timing. */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Message } from '../../ui/message';
import { parseCast } from './asciicast';
import type { Cast } from './asciicast';
import { fetchAuditEntry, fetchRecording } from './remote-api';
import type { AuditEntry } from './remote-api';
import './remote.css';

const SPEEDS = [1, 2, 4, 16];
/** Pauses longer than this (s) are shortened to it, as asciinema's idle limit does. */
const IDLE_LIMIT = 2;

export function CastPlayerPage({ id }: { id: string }) {
  const [entry, setEntry] = useState<AuditEntry | null>(null);
  const [cast, setCast] = useState<Cast | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    Promise.all([fetchAuditEntry(id, ctl.signal), fetchRecording(id, ctl.signal)])
      .then(([e, text]) => {
        setEntry(e);
        setCast(parseCast(text));
      })
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      });
    return () => ctl.abort();
  }, [id]);
  return (
    <section class="page remote-page">
      <header class="remote-page__bar">
        <a href="#/audit">← Audit</a>
        <h1>Recording</h1>
        {entry && (
          <span class="muted">
            {entry.user} on {entry.harvesters.join(', ')} · {new Date(entry.startedAt).toLocaleString()}
          </span>
        )}
      </header>
      {error && <Message kind="error">{error}</Message>}
      {cast && <Player cast={cast} />}
    </section>
  );
}

function Player({ cast }: { cast: Cast }) {
  const box = useRef<HTMLDivElement>(null);
  const [speed, setSpeed] = useState(1);
  const [playing, setPlaying] = useState(true);
  const [position, setPosition] = useState(0);
  const [run, setRun] = useState(0);
  const state = useRef({ index: 0, clock: 0 });
  const termRef = useRef<Terminal | null>(null);
  useEffect(() => {
    const term = new Terminal({
      cols: cast.width,
      rows: cast.height,
      disableStdin: true,
      theme: { background: '#0b1220' },
    });
    term.open(box.current!);
    termRef.current = term;
    state.current = { index: 0, clock: 0 };
    setPosition(0);
    return () => term.dispose();
  }, [cast, run]);
  useEffect(() => {
    if (!playing) return;
    const tick = 50;
    const timer = setInterval(() => {
      const s = state.current;
      const term = termRef.current;
      if (!term) return;
      s.clock += (tick / 1000) * speed;
      while (s.index < cast.events.length) {
        const e = cast.events[s.index]!;
        const prev = s.index === 0 ? 0 : cast.events[s.index - 1]!.t;
        const due = Math.min(e.t - prev, IDLE_LIMIT);
        if (s.clock < due) break;
        s.clock -= due;
        if (e.code === 'o') term.write(e.data);
        else {
          const [c, r] = e.data.split('x').map(Number);
          if (c && r) term.resize(c, r);
        }
        s.index++;
      }
      setPosition(s.index);
      if (s.index >= cast.events.length) setPlaying(false);
    }, tick);
    return () => clearInterval(timer);
  }, [playing, speed, cast, run]);
  const done = position >= cast.events.length;
  return (
    <div
      class="cast-player"
      data-testid="cast-player"
      data-state={done ? 'done' : playing ? 'playing' : 'paused'}
    >
      <div class="cast-player__controls">
        <button
          type="button"
          class="button"
          onClick={() => (done ? (setRun(run + 1), setPlaying(true)) : setPlaying(!playing))}
        >
          {done ? 'Replay' : playing ? 'Pause' : 'Play'}
        </button>
        {SPEEDS.map((s) => (
          <button
            type="button"
            key={s}
            class={`button ${s === speed ? 'button--primary' : 'button--ghost'}`}
            onClick={() => setSpeed(s)}
          >
            {s}×
          </button>
        ))}
        <span class="muted">
          {position}/{cast.events.length} events · {cast.duration.toFixed(1)} s recorded
        </span>
      </div>
      <div class="remote-terminal remote-terminal--player" ref={box} />
    </div>
  );
}
