import { InvalidInputError } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { ALL_TEAMS } from './access.js';
import type { Role } from './roles.js';

export interface UserRecord {
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: number;
  /** Teams whose harvesters the user sees (auth/access.ts); admins see all regardless. */
  readonly teams: readonly string[];
}

/** What an admin may change about a user; absent fields stay as they are. */
export interface UserChange {
  readonly role?: Role;
  readonly teams?: readonly string[];
}

interface UsersDoc {
  users: UserRecord[];
}

const USER_NAME_RE = /^[a-zA-Z0-9._-]{1,64}$/;
/** Team names are label values of `team`; kept to a safe, printable set. */
const TEAM_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;
const MIN_PASSWORD = 12;

/** Local users with argon2id password hashes, kept in one atomic JSON document. */
export class UserStore {
  private users = new Map<string, UserRecord>();

  private constructor(
    private readonly file: JsonFile<UsersDoc>,
    private readonly dummyHash: string,
  ) {}

  static async open(file: JsonFile<UsersDoc>): Promise<UserStore> {
    // Verifying an unknown user against this hash costs what a real check costs,
    // so response time does not reveal which user names exist.
    const store = new UserStore(file, await hashPassword(generatePassword()));
    const doc = await file.load({ users: [] });
    // Files written before teams existed have none: such users see what admins give them later.
    for (const u of doc.users) store.users.set(u.name, { ...u, teams: u.teams ?? [] });
    return store;
  }

  get(name: string): UserRecord | undefined {
    return this.users.get(name);
  }

  list(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(
    name: string,
    role: Role,
    password: string,
    now: number,
    teams: readonly string[] = [],
  ): Promise<UserRecord> {
    const what = `cannot create user "${name}"`;
    if (!USER_NAME_RE.test(name)) throw new InvalidInputError(`${what}: names are 1-64 of [a-zA-Z0-9._-]`);
    if (this.users.has(name)) throw new InvalidInputError(`${what}: it exists`);
    checkPassword(password, what);
    const user: UserRecord = {
      name,
      role,
      passwordHash: await hashPassword(password),
      createdAt: now,
      teams: checkTeams(teams, what),
    };
    this.users.set(name, user);
    await this.persist();
    return user;
  }

  /** Changes a user's role or teams; refuses to leave the nester without an admin. */
  async update(name: string, change: UserChange): Promise<UserRecord> {
    const what = `cannot change user "${name}"`;
    const user = this.requireUser(name, what);
    if (user.role === 'admin' && change.role !== undefined && change.role !== 'admin') {
      this.keepAnAdmin(name, what);
    }
    const next: UserRecord = {
      ...user,
      role: change.role ?? user.role,
      teams: change.teams === undefined ? user.teams : checkTeams(change.teams, what),
    };
    this.users.set(name, next);
    await this.persist();
    return next;
  }

  async setPassword(name: string, password: string): Promise<void> {
    const what = `cannot change the password of "${name}"`;
    const user = this.requireUser(name, what);
    checkPassword(password, what);
    this.users.set(name, { ...user, passwordHash: await hashPassword(password) });
    await this.persist();
  }

  async remove(name: string): Promise<void> {
    const what = `cannot remove user "${name}"`;
    const user = this.requireUser(name, what);
    if (user.role === 'admin') this.keepAnAdmin(name, what);
    this.users.delete(name);
    await this.persist();
  }

  private requireUser(name: string, what: string): UserRecord {
    const user = this.users.get(name);
    if (!user) throw new InvalidInputError(`${what}: no such user`);
    return user;
  }

  private keepAnAdmin(name: string, what: string): void {
    const others = [...this.users.values()].filter((u) => u.role === 'admin' && u.name !== name);
    if (others.length === 0) throw new InvalidInputError(`${what}: it is the last admin`);
  }

  /**
   * On first start, creates `admin` with the given password or a generated one.
   * Returns the password only when it was generated here, so the caller shows it exactly once.
   */
  async ensureFirstAdmin(initialPassword: string, now: number): Promise<string | undefined> {
    if (this.users.size > 0) return undefined;
    const password = initialPassword === '' ? generatePassword() : initialPassword;
    await this.create('admin', 'admin', password, now);
    return initialPassword === '' ? password : undefined;
  }

  /** The user when the password is right; undefined otherwise (same cost whether or not the user exists). */
  async verify(name: string, password: string): Promise<UserRecord | undefined> {
    const user = this.users.get(name);
    const ok = await verifyPassword(user?.passwordHash ?? this.dummyHash, password);
    return ok && user ? user : undefined;
  }

  private persist(): Promise<void> {
    return this.file.save({ users: this.list() });
  }
}

function checkPassword(password: string, what: string): void {
  if (password.length < MIN_PASSWORD) {
    throw new InvalidInputError(`${what}: password shorter than ${MIN_PASSWORD} characters`);
  }
}

function checkTeams(teams: readonly string[], what: string): string[] {
  for (const t of teams) {
    if (t !== ALL_TEAMS && !TEAM_RE.test(t))
      throw new InvalidInputError(`${what}: "${t}" is not a team name ([a-zA-Z0-9._-], 1-63, or * for all)`);
  }
  return [...new Set(teams)].sort();
}
