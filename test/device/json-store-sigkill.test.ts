// The test: 200 SIGKILLs at random points while a child process saves 1-, 5- and 15-chunk records on the real
// FileKeyValueStore, alternating two known values. After each kill the record reads as one of the two, never as
// nothing (the defaults) and never damaged; leftovers of the killed saves never pile up.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { readJson, writeJson } from "../../src/device/json-store";
import { RECORD_KEY, recordKeys, valueOfChunks } from "./store-cuts";
import { bundleChild, lcg } from "../support/kill-loop";

/** 200 kills in all, as the issue asks, split over the three record sizes. */
const KILLS: readonly [chunks: number, kills: number][] = [[1, 66], [5, 67], [15, 67]];
/** A child that never says it started is a broken test, not a slow one. */
const START_TIMEOUT_MS = 10_000;
/** The widest a kill's delay may grow to (a 15-chunk save takes tens of ms here; seconds would be a broken store). */
const MAX_WINDOW_MS = 5_000;

let work: string;
let child: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "delesteur-sigkill-"));
  child = bundleChild(join(__dirname, "save-loop.ts"), work);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** How long one save of this size takes here (median of 3), to spread the kills over whole saves. */
function saveMs(directory: string, chunks: number): number {
  const store = new FileKeyValueStore(directory);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    writeJson(store, RECORD_KEY, valueOfChunks(chunks, i % 2 ? "A" : "B"));
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}

/** Starts the saver (its first save is `firstTag`), lets it run `delayMs` after that save began, then SIGKILLs it. */
function killDuringSaves(directory: string, chunks: number, firstTag: string, delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [child, directory, String(chunks), firstTag], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let killed = false;
    const start = setTimeout(() => proc.kill("SIGKILL"), START_TIMEOUT_MS);
    proc.stderr.on("data", (b: Buffer) => void (stderr += b.toString()));
    proc.stdout.once("data", () => {
      clearTimeout(start);
      setTimeout(() => {
        killed = true;
        proc.kill("SIGKILL");
      }, delayMs);
    });
    proc.on("exit", (code, signal) => {
      clearTimeout(start);
      if (killed && signal === "SIGKILL") done();
      else fail(new Error(`saver ended by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

for (const [chunks, kills] of KILLS) {
  test(`${kills} SIGKILLs while ${chunks}-chunk records are saved: always the old or the new record`, async () => {
    const directory = mkdtempSync(join(work, `c${chunks}-`));
    const valueA = valueOfChunks(chunks, "A");
    const valueB = valueOfChunks(chunks, "B");
    let windowMs = Math.max(5, 2 * saveMs(directory, chunks));
    let oldInARow = 0;
    writeJson(new FileKeyValueStore(directory), RECORD_KEY, valueA);
    const random = lcg(0x5eed + chunks);
    const seen = { old: 0, new: 0 };
    const bad: string[] = [];
    let mostKeys = 0;
    let inForce = "A";
    for (let i = 0; i < kills; i++) {
      const saving = inForce === "A" ? "B" : "A";
      await killDuringSaves(directory, chunks, saving, random() * windowMs);
      const store = new FileKeyValueStore(directory);
      const read = readJson(store, RECORD_KEY);
      const tag = (read.value as { tag?: string } | undefined)?.tag;
      const expected = tag === "A" ? valueA : tag === "B" ? valueB : undefined;
      if (expected !== undefined && JSON.stringify(read.value) === JSON.stringify(expected)) {
        seen[tag === inForce ? "old" : "new"]++;
        // The child's save runs cold, and slower on a loaded machine than the parent's warm measure: while every
        // kill falls before the switch, widen the window so the kills keep spreading over whole saves.
        oldInARow = tag === inForce ? oldInARow + 1 : 0;
        if (oldInARow >= 4) {
          windowMs = Math.min(2 * windowMs, MAX_WINDOW_MS);
          oldInARow = 0;
        }
        inForce = tag as string;
      } else bad.push(`kill ${i}: ${JSON.stringify(read).slice(0, 100)}`);
      mostKeys = Math.max(mostKeys, recordKeys(store, RECORD_KEY).length);
    }
    expect(bad).toEqual([]);
    // The kills fell at different points of the saves: some before the first save switched, some after.
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.new).toBeGreaterThan(0);
    // At worst a killed save leaves its own chunks beside the record in force: never more than two generations.
    expect(mostKeys).toBeLessThanOrEqual(2 * chunks);
  }, 120_000);
}
