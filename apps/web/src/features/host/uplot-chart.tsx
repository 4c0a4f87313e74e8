/**
 * A uPlot chart that follows its container's width. New data for the same series is pushed with
 * setData; a different set of series (or unit) rebuilds the plot.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_THEME } from './chart-theme';
import type { ChartData } from './load-chart-data';
import { buildOptions } from './uplot-options';

export interface UplotChartProps {
  data: ChartData;
  yMin: number | null;
  yMax: number | null;
  /** Called after each redraw, with the number of points drawn (shown series only). */
  onDraw: (points: number) => void;
}

interface Mounted {
  plot: uPlot;
  signature: string;
}

function signatureOf(data: ChartData): string {
  return [data.unit, ...data.series.map((s) => `${s.name}\u0000${s.style.hidden ? 1 : 0}`)].join('\u0001');
}

export function UplotChart({ data, yMin, yMax, onDraw }: UplotChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const mountedRef = useRef<Mounted | null>(null);
  const onDrawRef = useRef(onDraw);
  onDrawRef.current = onDraw;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const aligned: uPlot.AlignedData = [data.x, ...data.series.map((s) => s.values)];
    const signature = signatureOf(data);
    const mounted = mountedRef.current;
    if (mounted && mounted.signature === signature) {
      mounted.plot.setData(aligned);
      return;
    }
    mounted?.plot.destroy();
    const options = buildOptions({
      unit: data.unit,
      series: data.series,
      yMin,
      yMax,
      width: Math.max(200, host.clientWidth),
      height: CHART_THEME.height,
      onDraw: (points) => onDrawRef.current(points),
    });
    mountedRef.current = { plot: new uPlot(options, aligned, host), signature };
  }, [data, yMin, yMax]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const plot = mountedRef.current?.plot;
        const width = Math.max(200, host.clientWidth);
        if (plot && plot.width !== width) plot.setSize({ width, height: CHART_THEME.height });
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

  return <div ref={hostRef} class="uplot-host" />;
}
