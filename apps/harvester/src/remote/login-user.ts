import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { SeahawksError } from '@seahawks/model';

/** Who a terminal or a command runs as. `uid`/`gid` are set only when switching user. */
export interface LoginUser {
  readonly name: string;
  readonly home: string;
  readonly shell: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** The configured user is unknown, or the harvester may not become it. */
export class LoginUserError extends SeahawksError {
  constructor(message: string) {
    super('login_user', message);
  }
}

/**
 * Resolves `name` (empty = the harvester's own user) from the password database. Becoming
 * another user needs root: the harvester then passes uid and gid to the child.
 */
export async function resolveLoginUser(name: string, passwd = '/etc/passwd'): Promise<LoginUser> {
  const self = userInfo();
  if (name === '' || name === self.username) {
    return { name: self.username, home: self.homedir, shell: self.shell || '/bin/sh' };
  }
  const entry = (await readFile(passwd, 'utf8'))
    .split('\n')
    .map((line) => line.split(':'))
    .find((f) => f[0] === name && f.length >= 7);
  if (!entry) throw new LoginUserError(`cannot run as ${name}: no such user in ${passwd}`);
  if (self.uid !== 0) {
    throw new LoginUserError(`cannot run as ${name}: the harvester runs as ${self.username}, not root`);
  }
  return {
    name,
    uid: Number(entry[2]),
    gid: Number(entry[3]),
    home: entry[5] || '/',
    shell: entry[6] || '/bin/sh',
  };
}

/** The environment of a login: the harvester's own is not passed on (it may hold secrets). */
export function loginEnv(user: LoginUser, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    SHELL: user.shell,
    PATH: (user.uid ?? userInfo().uid) === 0 ? ROOT_PATH : USER_PATH,
    // Terminals and command output are UTF-8 end to end.
    LANG: 'C.UTF-8',
    ...extra,
  };
}

const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const USER_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games';
