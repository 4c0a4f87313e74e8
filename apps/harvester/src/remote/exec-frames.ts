/**
 * Run-command session frames (docs/remote.md, "Exec frames"). From the harvester: binary
 * `1` + stdout bytes, binary `2` + stderr bytes, and one final text frame, the JSON `ExecResult`.
 * From the nester: the text frame `{"type":"cancel"}` (closing the socket cancels too).
 */
export const STDOUT = 1;
export const STDERR = 2;

export interface ExecResult {
  readonly type: 'result';
  /** The exit code, null when a signal ended it or it never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** `exit`, `timeout` (killed at its deadline), `cancelled`, `error` (could not start). */
  readonly outcome: 'exit' | 'timeout' | 'cancelled' | 'error';
  readonly durationMs: number;
  readonly message?: string;
}
