// Where rule files come from: the built-in set, files named in the config, and files written
// from the UI into `<dataDir>/alerting/rules/`. Each file is validated whole; a refused version
// leaves the previous one running and its problems on show.
import { readdir, readFile, rename, writeFile, unlink, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidInputError } from '@seahawks/model';
import { parseRuleFile } from './rules/rule-file.js';
import type { RuleFileProblem, RuleGroupSpec } from './rules/rule-types.js';
import { BUILTIN_FILE } from './builtin-rules.js';

export interface RuleFileState {
  /** Its name in the API (`file` of each group): a path, or `builtin:…`. */
  readonly name: string;
  readonly origin: 'builtin' | 'config' | 'ui';
  /** Text of the version running now ('' when none parsed yet). */
  text: string;
  /** Groups of the version running now. */
  groups: RuleGroupSpec[];
  /** Problems of the latest version read, which was refused; empty when it runs. */
  problems: RuleFileProblem[];
  /** The refused text, for the editor. */
  rejectedText: string | undefined;
  loadedAt: number;
}

export const UI_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}\.ya?ml$/;

export class RuleSources {
  readonly files = new Map<string, RuleFileState>();

  constructor(
    private readonly uiDir: string,
    private readonly configFiles: readonly string[],
    private readonly builtinText: string,
    private readonly clock: () => number,
  ) {}

  /** Reads every file again; returns the files whose new version was refused. */
  async loadAll(): Promise<RuleFileState[]> {
    const seen = new Set<string>();
    const refused: RuleFileState[] = [];
    const take = (name: string, origin: RuleFileState['origin'], text: string): void => {
      seen.add(name);
      const f = this.apply(name, origin, text);
      if (f.problems.length > 0) refused.push(f);
    };
    if (this.builtinText !== '') take(BUILTIN_FILE, 'builtin', this.builtinText);
    for (const path of this.configFiles) {
      try {
        take(path, 'config', await readFile(path, 'utf8'));
      } catch (err) {
        seen.add(path);
        const f = this.apply(path, 'config', undefined, `cannot read ${path}: ${(err as Error).message}`);
        refused.push(f);
      }
    }
    await mkdir(this.uiDir, { recursive: true, mode: 0o700 });
    for (const entry of (await readdir(this.uiDir)).sort()) {
      if (!UI_FILE_RE.test(entry)) continue;
      const path = join(this.uiDir, entry);
      take(path, 'ui', await readFile(path, 'utf8'));
    }
    for (const name of [...this.files.keys()]) if (!seen.has(name)) this.files.delete(name);
    return refused;
  }

  private apply(
    name: string,
    origin: RuleFileState['origin'],
    text: string | undefined,
    readError?: string,
  ): RuleFileState {
    const f = this.files.get(name) ?? {
      name,
      origin,
      text: '',
      groups: [],
      problems: [],
      rejectedText: undefined,
      loadedAt: 0,
    };
    this.files.set(name, f);
    if (text === undefined) {
      f.problems = [
        {
          file: name,
          line: undefined,
          group: undefined,
          rule: undefined,
          reason: readError ?? 'cannot read',
        },
      ];
      return f;
    }
    const r = parseRuleFile(name, text);
    if (r.ok) {
      Object.assign(f, {
        text,
        groups: r.groups,
        problems: [],
        rejectedText: undefined,
        loadedAt: this.clock(),
      });
    } else {
      f.problems = r.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      f.rejectedText = text;
    }
    return f;
  }

  /** Path a UI file is stored at, after checking its name. */
  uiPath(fileName: string): string {
    if (!UI_FILE_RE.test(fileName) || basename(fileName) !== fileName)
      throw new InvalidInputError(
        `cannot use rule file name "${fileName}": use letters, digits, _ . - and end in .yml`,
      );
    return join(this.uiDir, fileName);
  }

  /**
   * Validates `text` for file `name` (an existing file's name, or a new UI file's path) and, when
   * it is valid, writes it (atomically) and runs it. Returns the problems otherwise; nothing changes then.
   */
  async write(name: string, text: string): Promise<RuleFileProblem[]> {
    const existing = this.files.get(name);
    if (existing?.origin === 'builtin')
      throw new InvalidInputError(
        'cannot edit the built-in rules: switch them off in the configuration instead',
      );
    const r = parseRuleFile(name, text);
    if (!r.ok) return r.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const tmp = `${name}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, name);
    this.files.set(name, {
      name,
      origin: existing?.origin ?? 'ui',
      text,
      groups: r.groups,
      problems: [],
      rejectedText: undefined,
      loadedAt: this.clock(),
    });
    return [];
  }

  /** Removes a UI file; config and built-in files are removed in the configuration. */
  async remove(name: string): Promise<boolean> {
    const f = this.files.get(name);
    if (!f) return false;
    if (f.origin !== 'ui')
      throw new InvalidInputError(`cannot delete ${name}: it is not a file made in the UI`);
    await unlink(name);
    this.files.delete(name);
    return true;
  }

  /** Every group that runs, in file order. */
  groups(): RuleGroupSpec[] {
    return [...this.files.values()].flatMap((f) => f.groups);
  }
}
