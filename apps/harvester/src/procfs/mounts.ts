import { fields, parseError, quoteLine } from './values.js';

/** One line of /proc/mounts (the fstab(5) format), with the kernel's octal escapes decoded. */
export interface MountEntry {
  /** The mount source: a block device, `tmpfs`, `server:/export`, … */
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  /** Mount and superblock options together, in order: `['rw', 'relatime', 'size=1024k']`. */
  readonly options: readonly string[];
}

// The kernel escapes space, tab, newline, backslash (and, since 5.x, '#') in these fields as
// \040, \011, \012, \134, \043 (fs/proc_namespace.c, mangle()). Only ASCII is ever escaped,
// so each escape is one character; any three-digit octal escape is decoded.
const OCTAL_ESCAPE_RE = /\\([0-7]{3})/g;

/** Decodes the octal escapes of one /proc/mounts field (`/media/My\040Disk` → `/media/My Disk`). */
export function unescapeMountField(field: string): string {
  return field.replace(OCTAL_ESCAPE_RE, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * Parses /proc/mounts, /proc/self/mounts or /proc/1/mounts. A line needs at least device,
 * mount point, type and options (dump and pass are ignored), as node_exporter requires.
 * Entries keep file order, duplicates included (a path mounted twice shows twice).
 * @throws InvalidInputError naming the line when a line has fewer than four fields.
 */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parts = fields(lines[i]!);
    if (parts.length === 0) continue;
    if (parts.length < 4) {
      throw parseError('/proc/mounts', i + 1, `expected at least 4 fields, got ${quoteLine(lines[i]!)}`);
    }
    out.push({
      device: unescapeMountField(parts[0]!),
      mountPoint: unescapeMountField(parts[1]!),
      fsType: unescapeMountField(parts[2]!),
      options: unescapeMountField(parts[3]!).split(','),
    });
  }
  return out;
}
