import { parseDuration } from '@seahawks/model';
import { z } from 'zod';

/** `host:port` of a TCP listener; bracketed IPv6 allowed. */
const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):([0-9]{1,5})$/;

/** A Unix user name as `useradd` accepts them; empty = the user the harvester runs as. */
const USER_NAME = /^(?:[a-z_][a-z0-9_.-]{0,31}\$?)?$/;

/** A duration as the rest of the config writes them (`30m`, `0s`), checked at load. */
const duration = z.string().refine((t) => {
  try {
    parseDuration(t);
    return true;
  } catch {
    return false;
  }
}, 'expected a duration, e.g. 30s, 5m, 1h (0s = never)');

const terminalSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Whose login shell the terminal runs; empty = the harvester's own user (root can switch). */
    user: z.string().regex(USER_NAME, 'expected a user name').default(''),
    /** Shell program; empty = the user's login shell from the password database, else /bin/sh. */
    shell: z.string().default(''),
    /** Closed after this long without input or output (`0s` = never). */
    idleTimeout: duration.default('30m'),
  })
  .strict();

const managedSchema = z
  .object({
    /** Start Xvfb and a VNC server on demand when a desktop session opens. */
    enabled: z.boolean().default(false),
    /** X display number; the VNC server listens on 127.0.0.1:(5900 + display). */
    display: z.number().int().min(1).max(99).default(2),
    /** Xvfb screen, WIDTHxHEIGHTxDEPTH. */
    geometry: z
      .string()
      .regex(/^[1-9][0-9]{2,4}x[1-9][0-9]{2,4}x(?:8|16|24)$/, 'expected WIDTHxHEIGHTxDEPTH, e.g. 1280x800x24')
      .default('1280x800x24'),
    /** Programs run on the display once it is up (argv each), like tightvncserver's xstartup. */
    startup: z.array(z.array(z.string().min(1)).min(1)).default([]),
    /** Stopped this long after the last desktop session closed. */
    idleStop: duration.default('5m'),
  })
  .strict();

const desktopSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The local VNC server to forward to; loopback by default (seeds: tightvncserver on :2). */
    vnc: z
      .string()
      .regex(HOST_PORT, 'expected host:port, e.g. 127.0.0.1:5902')
      .refine((t) => Number(HOST_PORT.exec(t)?.[1]) <= 65535, 'port above 65535')
      .default('127.0.0.1:5902'),
    /** File whose first line is the VNC password, for servers that ask for one (never sent to browsers). */
    passwordFile: z.string().min(1).optional(),
    managed: managedSchema.default(managedSchema.parse({})),
  })
  .strict();

const execSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Who runs the commands; empty = the harvester's own user. */
    user: z.string().regex(USER_NAME, 'expected a user name').default(''),
    /** Longest run a caller may ask for (a duration). */
    maxTimeout: duration.default('1h'),
  })
  .strict();

/** The `remote:` section of the harvester config: terminal, desktop and run-command sessions. */
export const remoteConfigSchema = z
  .object({
    terminal: terminalSchema.default(terminalSchema.parse({})),
    desktop: desktopSchema.default(desktopSchema.parse({})),
    exec: execSchema.default(execSchema.parse({})),
  })
  .strict();

export type RemoteConfig = z.infer<typeof remoteConfigSchema>;

/** The defaults, for configs without a `remote:` section. */
export const DEFAULT_REMOTE_CONFIG: RemoteConfig = remoteConfigSchema.parse({});
