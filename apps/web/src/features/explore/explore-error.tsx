/**
 * An engine error under the query: the message, and when the engine gave a position, the
 * query's line with a caret under the place (as Prometheus' own UI does).
 */
import type { ErrorPosition } from './error-position';

export interface QueryFailure {
  query: string;
  message: string;
  position: ErrorPosition | null;
}

export function ExploreError({ failure }: { failure: QueryFailure }) {
  const { position } = failure;
  const lines = failure.query.split('\n');
  const line = position ? (lines[position.line - 1] ?? '') : '';
  const lineStart = position
    ? position.offset - lines.slice(0, position.line - 1).join('\n').length - (position.line > 1 ? 1 : 0)
    : 0;
  return (
    <div class="explore-error" role="alert" data-testid="explore-error">
      <p class="explore-error__message">
        {position ? (
          <>
            <strong data-testid="explore-error-position">
              line {position.line}, column {position.column}:
            </strong>{' '}
            {position.message}
          </>
        ) : (
          failure.message
        )}
      </p>
      {position && (
        <pre class="explore-error__where" aria-hidden="true">
          {line}
          {'\n'}
          <span class="explore-error__caret">{`${' '.repeat(Math.max(0, lineStart))}^`}</span>
        </pre>
      )}
    </div>
  );
}
