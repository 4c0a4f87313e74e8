/**
 * A uPlot chart that follows its container's width and the theme. New data for the same series
 * is pushed with setData; a different set of series, unit or theme rebuilds the plot.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTheme } from '../../lib/theme';
import { chartTheme } from './chart-theme';
import type { ChartData } from './load-chart-data';
import { buildOptions } from './uplot-options';

export interface UplotChartProps {
  data: ChartData;
  yMin: number | null;
  yMax: number | null;
  /** Called after each redraw, with the number of points drawn (shown series only). */
  onDraw: (points: number) => void;
  /** Called with the span (unix seconds) the user selected by dragging. */
  onZoom: (from: number, to: number) => void;
  /** Accessible name of the plot (the chart's title). */
  label: string;
}

interface Mounted {
  plot: uPlot;
  signature: string;
}

function signatureOf(data: ChartData, theme: string): string {
  return [theme, data.unit, ...data.series.map((s) => `${s.name}\u0000${s.style.hidden ? 1 : 0}`)].join(
    '\u0001',
  );
}

export function UplotChart({ data, yMin, yMax, onDraw, onZoom, label }: UplotChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const mountedRef = useRef<Mounted | null>(null);
  const callbacks = useRef({ onDraw, onZoom });
  callbacks.current = { onDraw, onZoom };
  const theme = useTheme();

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const aligned: uPlot.AlignedData = [data.x, ...data.series.map((s) => s.values)];
    const signature = signatureOf(data, theme);
    const mounted = mountedRef.current;
    if (mounted && mounted.signature === signature) {
      mounted.plot.setData(aligned);
      return;
    }
    mounted?.plot.destroy();
    const look = chartTheme(theme);
    const options = buildOptions({
      unit: data.unit,
      series: data.series,
      yMin,
      yMax,
      width: Math.max(200, host.clientWidth),
      height: look.height,
      theme: look,
      onDraw: (points) => callbacks.current.onDraw(points),
      onZoom: (from, to) => callbacks.current.onZoom(from, to),
    });
    mountedRef.current = { plot: new uPlot(options, aligned, host), signature };
  }, [data, yMin, yMax, theme]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const plot = mountedRef.current?.plot;
        const width = Math.max(200, host.clientWidth);
        if (plot && plot.width !== width) plot.setSize({ width, height: plot.height });
      });
    });
    observer.observe(host);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      mountedRef.current?.plot.destroy();
      mountedRef.current = null;
    };
  }, []);

  return <div ref={hostRef} class="uplot-host" role="group" aria-label={label} />;
}
