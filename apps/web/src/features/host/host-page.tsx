/** The page of one harvester: its header, a time range with live refresh, and its charts. */
import { useMemo, useState } from 'preact/hooks';
import { fetchFleet, type Harvester } from '../../lib/fleet-api';
import { navigate } from '../../lib/hash-route';
import { useNow } from '../../lib/use-now';
import { usePolling } from '../../lib/use-polling';
import { ChartPanel } from './chart-panel';
import { hostCharts } from './host-charts';
import { HostHeader } from './host-header';
import { RangePicker } from './range-picker';
import { findRange, rateWindow, sameWindow, windowAt, type QueryWindow } from './time-range';
import './host.css';

/** How often a live host page moves its window and reloads, in ms. */
export const HOST_REFRESH_MS = 5000;

export interface HostPageProps {
  name: string;
  /** Range key from the URL ("1h"); unknown or null means the default. */
  rangeKey: string | null;
}

export function HostPage({ name, rangeKey }: HostPageProps) {
  const range = findRange(rangeKey);
  const [live, setLive] = useState(true);
  const [win, setWin] = useState<QueryWindow>(() => windowAt(range.seconds, Date.now()));
  const [harvester, setHarvester] = useState<Harvester | null | undefined>(undefined);
  const now = useNow(1000);

  usePolling(
    async (signal) => {
      const next = windowAt(range.seconds, Date.now());
      setWin((prev) => (sameWindow(prev, next) ? prev : next));
      const fleet = await fetchFleet(signal);
      setHarvester(fleet.find((h) => h.name === name) ?? null);
    },
    HOST_REFRESH_MS,
    live,
    [name, range.seconds],
  );

  const cpus = harvester?.inventory.cpus;
  const specs = useMemo(() => hostCharts(name, rateWindow(win.step), cpus), [name, win.step, cpus]);

  return (
    <section class="page host-page" data-testid="host-page">
      <HostHeader name={name} harvester={harvester} now={now} />
      <div class="toolbar">
        <RangePicker
          range={range}
          live={live}
          onRange={(r) => navigate({ page: 'host', name, range: r.key })}
          onLive={setLive}
        />
        <span class="toolbar__spacer" />
        <span class="muted" title="Resolution of the range queries">
          step {win.step} s · rate window {rateWindow(win.step)}
        </span>
      </div>
      <div class="chart-grid">
        {specs.map((spec) => (
          <ChartPanel key={`${name}/${spec.key}`} spec={spec} window={win} />
        ))}
      </div>
    </section>
  );
}
