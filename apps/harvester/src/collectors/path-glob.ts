import { lstat, readdir } from 'node:fs/promises';

const META = /[*?[\\]/;

/**
 * Compiles one path segment of a Go `path.Match` pattern: `*` (any run of non-`/`
 * characters, leading dots included), `?` (one character), `[a-z0-9]`, `[^abc]`, and `\x` for
 * a literal x. Undefined when the pattern is malformed (Go's ErrBadPattern).
 */
export function compileGoPattern(segment: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = characterClass(segment, i + 1);
      if (cls === undefined) return undefined;
      re += cls.re;
      i = cls.end;
    } else if (c === '\\') {
      const next = segment[++i];
      if (next === undefined) return undefined;
      re += escapeRegExp(next);
    } else re += escapeRegExp(c);
  }
  return new RegExp(`^${re}$`, 'su');
}

/** A `[…]` class starting after its `[` at `from`: its RegExp text and the index of its `]`. */
function characterClass(segment: string, from: number): { re: string; end: number } | undefined {
  let i = from;
  const negate = segment[i] === '^';
  if (negate) i++;
  // One class character: `\x` is x; an unescaped `-` or `]` cannot be one (Go's getEsc).
  const char = (): string | undefined => {
    let c = segment[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') c = segment[++i];
    i++;
    return c;
  };
  const parts: string[] = [];
  do {
    const lo = char();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (segment[i] === '-') {
      i++;
      const h = char();
      if (h === undefined) return undefined;
      hi = h;
    }
    // Go accepts a reversed range and never matches it; JavaScript would refuse it.
    if (lo <= hi) parts.push(`${escapeClassChar(lo)}-${escapeClassChar(hi)}`);
  } while (segment[i] !== ']');
  if (parts.length === 0) return { re: negate ? '[^/]' : '(?!)', end: i };
  return { re: `[${negate ? '^/' : ''}${parts.join('')}]`, end: i };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Inside a class `-` needs escaping too (and may be escaped in a `u` RegExp only there). */
function escapeClassChar(c: string): string {
  return c === '-' ? '\\-' : escapeRegExp(c);
}

/**
 * node_exporter's handling of one `--collector.textfile.directory` value: Go's
 * `filepath.Glob`, and the value itself when it is no pattern, a bad one, or matches nothing
 * (the directory read then reports the real problem). Matches are sorted, as Go sorts them.
 */
export async function expandDirectoryGlob(pattern: string): Promise<string[]> {
  if (!META.test(pattern)) return [pattern];
  const matches = await glob(pattern);
  return matches === undefined || matches.length === 0 ? [pattern] : matches;
}

/** filepath.Glob: undefined on a malformed pattern; unreadable directories match nothing. */
async function glob(pattern: string): Promise<string[] | undefined> {
  // Paths matched so far; '' stands for the root of an absolute pattern.
  let prefixes = [''];
  const segments = pattern.split('/');
  for (const [index, segment] of segments.entries()) {
    if (!META.test(segment)) {
      prefixes = prefixes.map((p) => (index === 0 ? segment : `${p}/${segment}`));
      continue;
    }
    const re = compileGoPattern(segment);
    if (re === undefined) return undefined;
    const next: string[] = [];
    for (const prefix of prefixes) {
      const dir = index === 0 ? '.' : prefix === '' ? '/' : prefix;
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        // Go's Glob ignores I/O errors: a file, a vanished or unreadable directory matches nothing.
        continue;
      }
      for (const name of names.filter((n) => re.test(n)).sort())
        next.push(index === 0 ? name : `${prefix}/${name}`);
    }
    prefixes = next;
  }
  // Literal segments after a pattern (`/srv/*/textfile`) match only what exists, as in Go.
  const exists = await Promise.all(
    prefixes.map((p) =>
      lstat(p).then(
        () => true,
        () => false,
      ),
    ),
  );
  return prefixes.filter((_, i) => exists[i]);
}
