// Runs every benchmark in bench/ one after the other (each prints its own table of ratios).
// Benchmarks measure; they never pass or fail on a time.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && (!only || f.includes(only)))
  .sort();
let failures = 0;
for (const file of files) {
  process.stdout.write(`\n=== bench/${file} ===\n`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], { stdio: "inherit" });
  if (run.status !== 0) failures++;
}
process.exit(failures === 0 ? 0 : 1);
