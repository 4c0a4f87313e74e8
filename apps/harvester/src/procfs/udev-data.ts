/**
 * The device properties of a udev database file, `/run/udev/data/b<major>:<minor>`: the
 * `E:NAME=value` lines, as udevadm(8) prints them with `info --query=property`. Other records
 * (`S:` symlinks, `I:` init time, `G:` tags, …) are skipped, and so are `E:` lines without
 * `=`; the value runs to the end of the line and may itself contain `=`. A property repeated
 * keeps its last value. Values are as udev stored them: ID_MODEL has `_` for blanks.
 */
export function parseUdevProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('E:')) continue;
    const property = line.slice(2);
    const eq = property.indexOf('=');
    if (eq < 0) continue;
    out.set(property.slice(0, eq), property.slice(eq + 1));
  }
  return out;
}
