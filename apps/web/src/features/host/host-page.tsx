/**
 * The page of one harvester: its header and inventory, a time range kept in the URL (quick,
 * custom, or dragged on a chart), live refresh, and its charts.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { User } from '../../lib/auth-api';
import { fetchHarvester, type HarvesterDetail } from '../../lib/fleet-api';
import { hostHash, navigate } from '../../lib/hash-route';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { ChartPanel } from './chart-panel';
import { hostCharts } from './host-charts';
import { HostHeader } from './host-header';
import { RangePicker } from './range-picker';
import {
  rangeFromQuery,
  rangeToQuery,
  rateWindow,
  sameWindow,
  widen,
  windowOf,
  zoomRange,
  type QueryWindow,
  type TimeRange,
} from './time-range';
import './host.css';

/** How often a live host page moves its window and reloads, in ms. */
export const HOST_REFRESH_MS = 5000;

export interface HostPageProps {
  name: string;
  query: URLSearchParams;
  user: User;
}

export function HostPage({ name, query, user }: HostPageProps) {
  const range = rangeFromQuery(query);
  const rangeKey = JSON.stringify(rangeToQuery(range));
  const [live, setLive] = useState(true);
  const [win, setWin] = useState<QueryWindow>(() => windowOf(range, Date.now()));
  const [harvester, setHarvester] = useState<HarvesterDetail | null | undefined>(undefined);
  const now = useNow(1000);

  usePolling(
    async (signal) => {
      const next = windowOf(range, Date.now());
      setWin((prev) => (sameWindow(prev, next) ? prev : next));
      setHarvester(await fetchHarvester(name, signal));
    },
    HOST_REFRESH_MS,
    live && range.kind === 'relative',
    [name, rangeKey],
  );

  useEffect(() => {
    const next = windowOf(range, Date.now());
    setWin((prev) => (sameWindow(prev, next) ? prev : next));
  }, [rangeKey]);

  const go = useCallback((r: TimeRange) => navigate(hostHash(name, rangeToQuery(r))), [name]);
  const onZoom = useCallback((from: number, to: number) => go(zoomRange(from, to)), [go]);
  const cpus = harvester?.inventory.cpus;
  const specs = useMemo(() => hostCharts(name, win.step, cpus), [name, win.step, cpus]);

  return (
    <section class="page host-page" data-testid="host-page">
      <HostHeader name={name} harvester={harvester} user={user} now={now} />
      <div class="toolbar">
        <RangePicker
          range={range}
          live={live}
          onRange={go}
          onZoomOut={() => go(widen(range, Date.now()))}
          onLive={setLive}
        />
        <span class="toolbar__spacer" />
        <span class="muted host-page__step" title="Resolution of the range queries" data-testid="host-step">
          step {win.step} s · rate window {rateWindow(win.step)} · drag on a chart to zoom
        </span>
      </div>
      <div class="chart-grid">
        {specs.map((spec) => (
          <ChartPanel key={`${name}/${spec.key}`} spec={spec} window={win} onZoom={onZoom} />
        ))}
      </div>
    </section>
  );
}
