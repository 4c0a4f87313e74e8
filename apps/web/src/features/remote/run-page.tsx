/**
 * Run a command on a selection of harvesters (names, labels or a team): output streams per
 * host as it comes, then each exit code; Cancel stops every host's command.
 */
import { useRef, useState } from 'preact/hooks';
import { hostHash } from '../../lib/hash-route';
import { cancelRun, runCommand } from './remote-api';
import type { HostResult, RunEvent } from './remote-api';
import { parseSelection } from './selection';
import './remote.css';

interface HostOutput {
  text: string;
  result?: HostResult & { durationMs: number };
}

interface RunState {
  id?: string;
  hosts: Record<string, HostOutput>;
  refused: string[];
  unknown: string[];
  outcome?: string;
  error?: string;
}

export function RunPage({ query }: { query: URLSearchParams }) {
  const [selection, setSelection] = useState(query.get('on') ?? '');
  const [command, setCommand] = useState(query.get('cmd') ?? '');
  const [timeout, setTimeoutSec] = useState(60);
  const [run, setRun] = useState<RunState | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const start = async (e: Event): Promise<void> => {
    e.preventDefault();
    const targets = parseSelection(selection);
    if (!targets) {
      setRun({
        hosts: {},
        refused: [],
        unknown: [],
        error: 'name harvesters: "web-1, web-2", "team=a" or "site=lyon"',
      });
      return;
    }
    const state: RunState = { hosts: {}, refused: [], unknown: [] };
    const update = (): void => setRun({ ...state, hosts: { ...state.hosts } });
    const onEvent = (ev: RunEvent): void => {
      switch (ev.type) {
        case 'run':
          state.id = ev.id;
          state.refused = ev.refused;
          state.unknown = ev.unknown;
          for (const h of ev.targets) state.hosts[h] = { text: '' };
          break;
        case 'output': {
          const h = (state.hosts[ev.harvester] ??= { text: '' });
          h.text += ev.text;
          break;
        }
        case 'result': {
          const h = (state.hosts[ev.harvester] ??= { text: '' });
          h.result = ev;
          break;
        }
        case 'end':
          state.outcome = ev.outcome;
          break;
      }
      update();
    };
    abort.current = new AbortController();
    setRunning(true);
    update();
    try {
      await runCommand({ command, timeout, targets }, onEvent, abort.current.signal);
    } catch (err) {
      state.error = err instanceof Error ? err.message : String(err);
      update();
    } finally {
      setRunning(false);
    }
  };

  return (
    <section class="page remote-page">
      <header class="remote-page__bar">
        <h1>Run a command</h1>
      </header>
      <form class="run-form panel" onSubmit={(e) => void start(e)}>
        <label>
          Harvesters
          <input
            class="input"
            name="selection"
            value={selection}
            placeholder="web-1, web-2 · team=a · site=lyon"
            onInput={(e) => setSelection(e.currentTarget.value)}
            data-testid="run-selection"
          />
        </label>
        <label>
          Command
          <input
            name="command"
            value={command}
            placeholder="uname -a"
            class="input mono"
            onInput={(e) => setCommand(e.currentTarget.value)}
            data-testid="run-command"
          />
        </label>
        <label class="run-form__timeout">
          Timeout (s)
          <input
            class="input"
            type="number"
            min={1}
            max={86400}
            value={timeout}
            onInput={(e) => setTimeoutSec(Number(e.currentTarget.value) || 60)}
          />
        </label>
        <button
          type="submit"
          class="button button--primary"
          disabled={running || command.trim() === ''}
          data-testid="run-start"
        >
          Run
        </button>
        <button
          type="button"
          class="button"
          disabled={!running || run?.id === undefined}
          onClick={() => run?.id !== undefined && void cancelRun(run.id)}
        >
          Cancel
        </button>
      </form>
      {run && <RunOutput run={run} />}
    </section>
  );
}

function RunOutput({ run }: { run: RunState }) {
  return (
    <div class="run-output" data-testid="run-output" data-outcome={run.outcome ?? ''}>
      {run.error && (
        <p class="message message--error" data-testid="run-error">
          {run.error}
        </p>
      )}
      {run.refused.length > 0 && <p class="muted">Not yours to operate: {run.refused.join(', ')}</p>}
      {run.unknown.length > 0 && <p class="muted">Unknown: {run.unknown.join(', ')}</p>}
      {Object.entries(run.hosts).map(([name, h]) => (
        <article class="run-host panel" key={name} data-testid={`run-host-${name}`}>
          <header>
            <a href={hostHash(name)}>{name}</a>
            <span class="toolbar__spacer" />
            <ResultPill r={h.result} />
          </header>
          <pre class="run-host__text">{h.text}</pre>
        </article>
      ))}
      {run.outcome && <p class="muted">Run {run.outcome}.</p>}
    </div>
  );
}

function ResultPill({ r }: { r: HostOutput['result'] }) {
  if (!r) return <span class="pill">running…</span>;
  const ok = r.outcome === 'exit' && r.exitCode === 0;
  const text = r.outcome === 'exit' ? `exit ${r.exitCode ?? r.signal ?? '?'}` : (r.message ?? r.outcome);
  return (
    <span class={`pill ${ok ? 'pill--online' : 'pill--offline'}`} title={r.message} data-testid="run-result">
      {text} · {(r.durationMs / 1000).toFixed(1)} s
    </span>
  );
}
