import { InvalidInputError } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';

/** Which teams' terminal sessions are recorded. */
export interface RecordingDoc {
  /** Team name → on/off. */
  teams: Record<string, boolean>;
  /** Harvesters without a team, and teams not listed. */
  others: boolean;
}

const TEAM_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

/**
 * The per-team switch for asciicast recordings of terminal sessions (off unless switched on),
 * kept in `<dataDir>/remote-settings.json`.
 */
export class RecordingSettings {
  private constructor(
    private readonly file: JsonFile<RecordingDoc>,
    private doc: RecordingDoc,
  ) {}

  static async open(file: JsonFile<RecordingDoc>): Promise<RecordingSettings> {
    const doc = await file.load({ teams: {}, others: false });
    return new RecordingSettings(file, { teams: { ...doc.teams }, others: doc.others === true });
  }

  get(): RecordingDoc {
    return { teams: { ...this.doc.teams }, others: this.doc.others };
  }

  /** Whether sessions on a harvester of `team` (undefined = none) are recorded. */
  records(team: string | undefined): boolean {
    return team === undefined ? this.doc.others : (this.doc.teams[team] ?? this.doc.others);
  }

  /** Switches recording for `team`, or for `others` when `team` is null. */
  async set(team: string | null, enabled: boolean): Promise<RecordingDoc> {
    if (team !== null && !TEAM_RE.test(team)) {
      throw new InvalidInputError(`cannot switch recording for team "${team}": not a team name`);
    }
    const next: RecordingDoc =
      team === null
        ? { ...this.doc, others: enabled }
        : { ...this.doc, teams: { ...this.doc.teams, [team]: enabled } };
    await this.file.save(next);
    this.doc = next;
    return this.get();
  }
}
