/** The table view of an instant query: one row per series (labels, value), or the scalar. */
import type { InstantResult } from '../../lib/prom-api';
import { seriesTitle } from './explore-data';

export interface ExploreTableProps {
  result: InstantResult;
}

/** Rows shown at most; the count says how many there are. */
const MAX_ROWS = 1000;

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}

function tableRows(result: InstantResult): Array<{ metric: Record<string, string>; value: string }> {
  switch (result.resultType) {
    case 'vector':
      return result.result.map((r) => ({ metric: r.metric, value: formatValue(r.value[1]) }));
    case 'matrix':
      return result.result.map((r) => ({
        metric: r.metric,
        value: `${r.values.length} samples, last ${formatValue(r.values.at(-1)?.[1] ?? NaN)}`,
      }));
    default:
      return [];
  }
}

export function ExploreTable({ result }: ExploreTableProps) {
  if (result.resultType === 'scalar' || result.resultType === 'string') {
    return (
      <table class="data-table" data-testid="explore-table">
        <tbody>
          <tr>
            <th scope="row">{result.resultType}</th>
            <td class="num">{result.result[1]}</td>
          </tr>
        </tbody>
      </table>
    );
  }
  const rows = tableRows(result);
  if (rows.length === 0) return <p class="muted explore__empty">No series match at this time.</p>;
  return (
    <div class="data-table__wrap">
      <table class="data-table" data-testid="explore-table">
        <caption class="visually-hidden">Query result at the end of the range</caption>
        <thead>
          <tr>
            <th scope="col">Series ({rows.length.toLocaleString('en')})</th>
            <th scope="col" class="num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, MAX_ROWS).map((r) => {
            const title = seriesTitle(r.metric);
            return (
              <tr key={title}>
                <td class="data-table__series">{title}</td>
                <td class="num">{r.value}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > MAX_ROWS && (
        <p class="muted">
          {MAX_ROWS} of {rows.length} rows shown.
        </p>
      )}
    </div>
  );
}
