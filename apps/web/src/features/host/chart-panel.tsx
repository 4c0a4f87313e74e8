/**
 * One chart of the host page: loads its queries whenever the window changes and shows the chart,
 * the empty-state text, or the engine's error — never a blank panel. The container carries
 * `data-testid="chart-<key>"` and, once drawn, `data-points="<points drawn>"` (0 when empty).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isAbort } from '../../lib/api-client';
import { unitCaption } from './chart-units';
import type { ChartSpec } from './host-charts';
import { loadChartData, type ChartData } from './load-chart-data';
import type { QueryWindow } from './time-range';
import { UplotChart } from './uplot-chart';

export interface ChartPanelProps {
  spec: ChartSpec;
  window: QueryWindow;
  /** Called with the span (unix seconds) selected by dragging across the chart. */
  onZoom: (from: number, to: number) => void;
}

type PanelState =
  { status: 'loading' } | { status: 'ready'; data: ChartData } | { status: 'failed'; message: string };

export function ChartPanel({ spec, window: w, onZoom }: ChartPanelProps) {
  const [state, setState] = useState<PanelState>({ status: 'loading' });
  const [busy, setBusy] = useState(false);
  const chosen = useRef<number[]>([]);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    chosen.current = [];
  }, [spec]);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    loadChartData(spec, w, chosen.current, controller.signal)
      .then((data) => setState({ status: 'ready', data }))
      .catch((error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [spec, w]);

  const data = state.status === 'ready' ? state.data : null;
  const drawable = data !== null && data.series.length > 0;

  useEffect(() => {
    const panel = panelRef.current;
    if (!panel) return;
    if (data !== null && !drawable && data.errors.length === 0) panel.dataset['points'] = '0';
    else if (!drawable) delete panel.dataset['points'];
  }, [data, drawable]);

  const markDrawn = (points: number): void => {
    if (panelRef.current) panelRef.current.dataset['points'] = String(points);
  };

  return (
    <section
      ref={panelRef}
      class={`panel chart-panel${busy ? ' is-busy' : ''}`}
      data-testid={`chart-${spec.key}`}
      aria-labelledby={`chart-title-${spec.key}`}
    >
      <header class="chart-panel__header">
        <h2 class="chart-panel__title" id={`chart-title-${spec.key}`}>
          {spec.title}
        </h2>
        {data && <span class="chart-panel__unit">{unitCaption(data.unit)}</span>}
      </header>
      <div class="chart-panel__body">
        {state.status === 'loading' && <p class="chart-panel__state">loading…</p>}
        {state.status === 'failed' && (
          <p class="chart-panel__state chart-panel__state--error" role="alert">
            cannot load {spec.title.toLowerCase()}: {state.message}
          </p>
        )}
        {data !== null && !drawable && data.errors.length === 0 && (
          <p class="chart-panel__state">{spec.emptyText}</p>
        )}
        {drawable && (
          <UplotChart
            data={data}
            yMin={spec.yMin}
            yMax={spec.yMax}
            onDraw={markDrawn}
            onZoom={onZoom}
            label={`${spec.title}, ${unitCaption(data.unit)}`}
          />
        )}
        {data !== null && data.errors.length > 0 && (
          <div
            class={`chart-panel__errors${drawable ? '' : ' is-alone'}`}
            role="alert"
            data-testid={`chart-${spec.key}-error`}
          >
            {data.errors.map((e) => (
              <div class="chart-panel__error" key={e.query}>
                <strong>query failed:</strong> {e.message}
                <code class="chart-panel__query">{e.query}</code>
              </div>
            ))}
          </div>
        )}
      </div>
      {data !== null && data.notes.length > 0 && (
        <footer class="chart-panel__note">{data.notes.join(' · ')}</footer>
      )}
    </section>
  );
}
