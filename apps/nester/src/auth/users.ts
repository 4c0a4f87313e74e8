import { InvalidInputError } from '@seahawks/model';
import type { JsonFile } from '../state/json-file.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Role } from './roles.js';

export interface UserRecord {
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly createdAt: number;
}

interface UsersDoc {
  users: UserRecord[];
}

const USER_NAME_RE = /^[a-zA-Z0-9._-]{1,64}$/;

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
    for (const u of doc.users) store.users.set(u.name, u);
    return store;
  }

  get(name: string): UserRecord | undefined {
    return this.users.get(name);
  }

  list(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(name: string, role: Role, password: string, now: number): Promise<UserRecord> {
    if (!USER_NAME_RE.test(name)) {
      throw new InvalidInputError(`cannot create user "${name}": names are 1-64 of [a-zA-Z0-9._-]`);
    }
    if (this.users.has(name)) throw new InvalidInputError(`cannot create user "${name}": it exists`);
    if (password.length < 12) {
      throw new InvalidInputError(`cannot create user "${name}": password shorter than 12 characters`);
    }
    const user: UserRecord = { name, role, passwordHash: await hashPassword(password), createdAt: now };
    this.users.set(name, user);
    await this.persist();
    return user;
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
