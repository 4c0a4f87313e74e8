import { InvalidInputError } from '@seahawks/model';

/** An include or exclude pattern pair, as node_exporter's `--collector.X.Y-include/-exclude` flags. */
export interface FilterPatterns {
  /** Names matching this are dropped. */
  exclude?: string | undefined;
  /** When set, only names matching this are kept. Mutually exclusive with `exclude`. */
  include?: string | undefined;
}

/**
 * node_exporter's deviceFilter: a name is ignored when it matches `exclude` or fails to
 * match `include`. Patterns are unanchored, as Go's MatchString is; node_exporter's default
 * patterns carry their own `^…$`.
 */
export class DeviceFilter {
  private readonly exclude: RegExp | undefined;
  private readonly include: RegExp | undefined;

  /**
   * @param what names the filter in error messages, e.g. `filesystem mount points`.
   * @throws InvalidInputError when both patterns are set or one does not compile.
   */
  constructor(patterns: FilterPatterns, what: string) {
    if (notEmpty(patterns.exclude) && notEmpty(patterns.include)) {
      throw new InvalidInputError(
        `cannot filter ${what}: include and exclude patterns are mutually exclusive`,
      );
    }
    this.exclude = compile(patterns.exclude, what);
    this.include = compile(patterns.include, what);
  }

  /** True when `name` should be skipped. */
  ignored(name: string): boolean {
    return (
      (this.exclude !== undefined && this.exclude.test(name)) ||
      (this.include !== undefined && !this.include.test(name))
    );
  }
}

/**
 * Applies node_exporter's defaulting: the default exclude pattern holds unless the caller
 * set an exclude of its own, or set only an include (then nothing is excluded).
 */
export function withDefaultExclude(
  patterns: FilterPatterns | undefined,
  defaultExclude: string,
): FilterPatterns {
  if (patterns === undefined) return { exclude: defaultExclude };
  if (patterns.exclude !== undefined) return patterns;
  if (notEmpty(patterns.include)) return { include: patterns.include };
  return { exclude: defaultExclude };
}

function notEmpty(pattern: string | undefined): pattern is string {
  return pattern !== undefined && pattern !== '';
}

function compile(pattern: string | undefined, what: string): RegExp | undefined {
  if (!notEmpty(pattern)) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch (err) {
    throw new InvalidInputError(`cannot compile the ${what} pattern ${JSON.stringify(pattern)}`, {
      cause: err,
    });
  }
}
