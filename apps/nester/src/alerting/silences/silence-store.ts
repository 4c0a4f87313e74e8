import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '@seahawks/model';
import type { JsonFile } from '../../state/json-file.js';
import { compileMatcher, silenceActive } from './silence.js';
import type { Silence, SilenceInput } from './silence.js';

interface SilenceDoc {
  silences: Silence[];
}

/** Expired silences stay listed (the UI's history) this long, then go. */
const KEEP_EXPIRED_MS = 7 * 86_400_000;

/** Every silence and maintenance window, kept in `<dataDir>/alerting/silences.json`. */
export class SilenceStore {
  private silences: Silence[] = [];
  private compiled = new Map<string, Array<(l: Readonly<Record<string, string>>) => boolean>>();

  private constructor(private readonly file: JsonFile<SilenceDoc>) {}

  static async open(file: JsonFile<SilenceDoc>): Promise<SilenceStore> {
    const store = new SilenceStore(file);
    store.silences = (await file.load({ silences: [] })).silences;
    for (const s of store.silences) store.compiled.set(s.id, s.matchers.map(compileMatcher));
    return store;
  }

  list(now: number): Silence[] {
    return this.silences
      .filter((s) => now - s.endsAt < KEEP_EXPIRED_MS)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The silence with this id, expired or not; undefined when unknown. */
  get(id: string): Silence | undefined {
    return this.silences.find((s) => s.id === id);
  }

  async create(input: SilenceInput, createdBy: string, now: number): Promise<Silence> {
    const startsAt = input.startsAt === undefined ? now : Date.parse(input.startsAt);
    const endsAt = Date.parse(input.endsAt);
    if (!(endsAt > startsAt))
      throw new InvalidInputError('cannot create silence: endsAt must be after startsAt');
    if (endsAt <= now) throw new InvalidInputError('cannot create silence: endsAt is in the past');
    const matchers = input.matchers.map(compileMatcher);
    if (matchers.every((m) => m({}))) {
      throw new InvalidInputError(
        'cannot create silence: at least one matcher must not match the empty string',
      );
    }
    const silence: Silence = {
      id: randomUUID(),
      matchers: input.matchers,
      startsAt,
      endsAt,
      createdBy,
      createdAt: now,
      comment: input.comment,
      ...(input.weekly ? { weekly: input.weekly } : {}),
    };
    this.silences.push(silence);
    this.compiled.set(silence.id, matchers);
    await this.save(now);
    return silence;
  }

  /** Ends a silence now; false when unknown or already over. */
  async expire(id: string, now: number): Promise<boolean> {
    const s = this.silences.find((x) => x.id === id);
    if (!s || s.endsAt <= now) return false;
    s.endsAt = now;
    await this.save(now);
    return true;
  }

  /** Ids of the silences muting an alert with `labels` at `now`. */
  silencedBy(labels: Readonly<Record<string, string>>, now: number): string[] {
    const out: string[] = [];
    for (const s of this.silences) {
      if (!silenceActive(s, now)) continue;
      if (this.compiled.get(s.id)!.every((m) => m(labels))) out.push(s.id);
    }
    return out;
  }

  private async save(now: number): Promise<void> {
    this.silences = this.silences.filter((s) => now - s.endsAt < KEEP_EXPIRED_MS);
    await this.file.save({ silences: this.silences });
  }
}
