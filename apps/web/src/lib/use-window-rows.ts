/**
 * Preact hook for a virtualised list scrolled by the window: which of `count` rows of
 * `rowHeight` px, laid out from the top of `ref`, are on screen (plus `overscan` on each side).
 * Only the range is state, so scrolling within it renders nothing.
 */
import { useEffect, useState } from 'preact/hooks';

export interface RowRange {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive). */
  end: number;
}

/** The rows of a list whose top is `top` px from the viewport's top, in a viewport `height` high. */
export function visibleRows(
  top: number,
  height: number,
  count: number,
  rowHeight: number,
  overscan: number,
): RowRange {
  const first = Math.floor(Math.max(0, -top) / rowHeight);
  const last = Math.ceil(Math.max(0, height - top) / rowHeight);
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.max(0, Math.min(count, last + overscan)),
  };
}

export function useWindowRows(
  ref: { readonly current: HTMLElement | null },
  count: number,
  rowHeight: number,
  overscan = 10,
): RowRange {
  const [range, setRange] = useState<RowRange>({ start: 0, end: Math.min(count, 40) });
  useEffect(() => {
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const el = ref.current;
      if (!el) return;
      const next = visibleRows(
        el.getBoundingClientRect().top,
        window.innerHeight,
        count,
        rowHeight,
        overscan,
      );
      setRange((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [count, rowHeight, overscan]);
  return range;
}
