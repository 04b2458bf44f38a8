// The config file on disk: read and checked at start, written back atomically when the owner saves settings.
// Never leaves a half-written file: temp file (0600) + fsync + rename + directory fsync, so a kill at any point
// leaves the old or the new config, both loadable.
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic as writeAtomic } from "../hal/node/atomic-file";
import { parseBoxConfig, type BoxConfig, type ConfigResult } from "./config";

/** Reads and checks the file; a missing or unreadable file is one error naming it. */
export function readConfigFile(file: string): ConfigResult {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return { ok: false, errors: [{ field: "(file)", message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  }
  return parseBoxConfig(text);
}

/** The file as written back: two-space JSON, the fields in the config's order, a final newline. */
export function configText(config: BoxConfig): string {
  return JSON.stringify(config, null, 2) + "\n";
}

/**
 * Replaces `file` with `text` atomically; the temp file sits beside it (same filesystem, so rename is atomic). One
 * fixed temp name: the box is the file's only writer, and a write killed half-way leaves one temp file, not a pile.
 */
export function writeFileAtomic(file: string, text: string): void {
  writeAtomic(file, text, path.join(path.dirname(file), `.${path.basename(file)}.tmp`));
}
