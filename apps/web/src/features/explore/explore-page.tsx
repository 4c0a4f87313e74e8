/**
 * Explore: a PromQL editor, a time range, and the answer as a graph (range query) or a table
 * (instant query at the end of the range). The query, range and view live in the URL, so a
 * page can be shared; an engine error is shown where it points in the query.
 */
import { useEffect, useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { hashOf, navigate } from '../../lib/hash-route';
import type { InstantResult } from '../../lib/prom-api';
import { PromQueryError } from '../../lib/prom-api';
import { Message } from '../../ui/message';
import type { ChartData } from '../host/load-chart-data';
import { findRange, TIME_RANGES, windowOf, zoomRange, type TimeRange } from '../host/time-range';
import { UplotChart } from '../host/uplot-chart';
import { errorPosition } from './error-position';
import { loadGraph, loadTable } from './explore-data';
import { ExploreError, type QueryFailure } from './explore-error';
import { ExploreTable } from './explore-table';
import { PromqlEditor } from './promql-editor';
import '../host/host.css';
import './explore.css';

type View = 'graph' | 'table';

export interface ExplorePageProps {
  query: URLSearchParams;
}

type Answer =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; failure: QueryFailure }
  | { status: 'graph'; data: ChartData }
  | { status: 'table'; result: InstantResult & { warnings: string[] } };

function failureOf(query: string, error: unknown): QueryFailure {
  const message = error instanceof Error ? error.message : String(error);
  const position = error instanceof PromQueryError ? errorPosition(query, message) : null;
  return { query, message, position };
}

export function ExplorePage({ query }: ExplorePageProps) {
  const submitted = query.get('q') ?? '';
  const view: View = query.get('view') === 'table' ? 'table' : 'graph';
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const range: TimeRange =
    query.has('from') && to > from ? { kind: 'absolute', from, to } : findRange(query.get('range') ?? '1h');
  const rangeParam = range.kind === 'relative' ? { range: range.key } : { from: range.from, to: range.to };
  const [text, setText] = useState(submitted);
  const [answer, setAnswer] = useState<Answer>({ status: 'idle' });
  const [runs, setRuns] = useState(0);

  const go = (patch: Record<string, string | number | null>): void =>
    navigate(hashOf(['explore'], { q: submitted === '' ? null : submitted, ...rangeParam, view, ...patch }));
  const run = (): void => {
    if (text.trim() === '') return;
    if (text === submitted) setRuns((n) => n + 1);
    else go({ q: text });
  };

  useEffect(() => setText(submitted), [submitted]);

  useEffect(() => {
    if (submitted.trim() === '') return setAnswer({ status: 'idle' });
    const controller = new AbortController();
    const w = windowOf(range, Date.now());
    setAnswer({ status: 'loading' });
    const load =
      view === 'graph'
        ? loadGraph(submitted, w, controller.signal).then((data): Answer => ({ status: 'graph', data }))
        : loadTable(submitted, w.end, controller.signal).then((result): Answer => ({
            status: 'table',
            result,
          }));
    load.then(setAnswer).catch((error: unknown) => {
      if (!isAbort(error) && !controller.signal.aborted)
        setAnswer({ status: 'failed', failure: failureOf(submitted, error) });
    });
    return () => controller.abort();
  }, [submitted, view, JSON.stringify(rangeParam), runs]);

  const failure = answer.status === 'failed' ? answer.failure : null;
  const editorError =
    failure && failure.query === text
      ? { offset: failure.position?.offset ?? null, message: failure.message }
      : null;

  return (
    <section class="page explore-page" data-testid="explore-page">
      <header class="page__header">
        <h1>Explore</h1>
        <span class="page__meta muted">PromQL over every series you may see</span>
      </header>
      <form
        class="explore__query panel"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <PromqlEditor key={submitted} value={submitted} onChange={setText} onRun={run} error={editorError} />
        <button type="submit" class="button button--primary" data-testid="explore-run">
          Run query
        </button>
      </form>
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="View">
          {(['graph', 'table'] as const).map((v) => (
            <button
              key={v}
              type="button"
              class="segmented__item"
              aria-pressed={view === v}
              data-testid={`explore-view-${v}`}
              onClick={() => go({ view: v })}
            >
              {v === 'graph' ? 'Graph' : 'Table'}
            </button>
          ))}
        </div>
        <label class="explore__range">
          <span class="visually-hidden">Time range</span>
          <select
            class="select"
            data-testid="explore-range"
            value={range.kind === 'relative' ? range.key : 'custom'}
            onChange={(e) => go({ range: e.currentTarget.value, from: null, to: null })}
          >
            {TIME_RANGES.map((r) => (
              <option key={r.key} value={r.key}>
                Last {r.label}
              </option>
            ))}
            {range.kind === 'absolute' && <option value="custom">Zoomed range</option>}
          </select>
        </label>
        <span class="toolbar__spacer" />
        <span class="muted">
          Enter runs · Shift+Enter new line · <kbd>/</kbd> focuses the query
        </span>
      </div>
      {answer.status === 'idle' && (
        <Message>Type a query and press Enter. Metric and label names complete as you type.</Message>
      )}
      {answer.status === 'loading' && <Message>Running…</Message>}
      {failure && <ExploreError failure={failure} />}
      {answer.status === 'graph' && (
        <div class="panel chart-panel explore__graph" data-testid="explore-graph">
          {answer.data.series.length === 0 ? (
            <p class="chart-panel__state">No series match this query in the range.</p>
          ) : (
            <UplotChart
              data={answer.data}
              yMin={null}
              yMax={null}
              label="Query result over time"
              onDraw={(points) => {
                const el = document.querySelector<HTMLElement>('[data-testid="explore-graph"]');
                if (el) el.dataset['points'] = String(points);
              }}
              onZoom={(f, t) => {
                const z = zoomRange(f, t);
                go({ range: null, from: z.from, to: z.to });
              }}
            />
          )}
          {answer.data.notes.length > 0 && (
            <footer class="chart-panel__note">{answer.data.notes.join(' · ')}</footer>
          )}
        </div>
      )}
      {answer.status === 'table' && (
        <div class="panel explore__table">
          {answer.result.warnings.length > 0 && (
            <p class="chart-panel__note">{answer.result.warnings.join(' · ')}</p>
          )}
          <ExploreTable result={answer.result} />
        </div>
      )}
    </section>
  );
}
