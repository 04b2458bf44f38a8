// The state directory: pairings, the HomeKit identity key, the owner's state. Created 0700 with files 0600.
// Never widens permissions; a directory that another host-sim left readable by all is narrowed and said so.
import * as fs from "node:fs";
import * as path from "node:path";

/** Everything this process creates from here is private to its user (state files, temp files, the config). */
export const PRIVATE_UMASK = 0o077;

/** Creates or narrows `dir` (0700, its files 0600, sub-directories 0700); returns what was narrowed, for the log. */
export function preparePrivateDir(dir: string): { narrowed: string[] } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const narrowed: string[] = [];
  const walk = (p: string, isDir: boolean): void => {
    const mode = fs.statSync(p).mode & 0o777;
    const wanted = isDir ? 0o700 : 0o600;
    if ((mode & 0o077) !== 0) {
      fs.chmodSync(p, mode & wanted);
      narrowed.push(p);
    }
    if (!isDir) return;
    for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(p, entry.name), true);
      else if (entry.isFile()) walk(path.join(p, entry.name), false);
    }
  };
  walk(dir, true);
  fs.accessSync(dir, fs.constants.W_OK);
  return { narrowed };
}
