// Replacing a file so a kill or a power cut leaves the old content or the new, never a mix: the store's records and
// the Linux box's config file both go through here.
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes `data` to `temp` (mode 0600: these files hold passwords and keys), fsyncs it, renames it over `file` and
 * flushes the directory. `temp` must be on the same filesystem (beside `file`), so the rename is atomic.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, temp: string): void {
  const fd = fs.openSync(temp, "w", 0o600);
  try {
    if (typeof data === "string") fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  syncDirectory(path.dirname(file));
}

/** A rename or unlink is durable only once the directory entry is flushed; some filesystems refuse a dir fsync. */
export function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort: the rename itself is still atomic
  }
}
