// SIGKILL and SIGTERM at random points while the box saves settings (state store, then the config file written back
// atomically): the config file always loads, holding the old or the new settings, and the state store's record reads.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FileKeyValueStore } from "../../hal/node/store";
import { APP_STORE_PREFIX } from "../../src/device/device";
import { readJson } from "../../src/device/json-store";
import { readConfigFile } from "../../linux/config-file";
import { bundleChild, lcg } from "../support/kill-loop";

const root = resolve(__dirname, "../..");
/** Kills per signal: enough to land before, inside and after the rename many times (a save takes ~1-5 ms here). */
const KILLS_PER_SIGNAL = 25;
const START_TIMEOUT_MS = 10_000;
let work: string;
let child: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "delesteur-cfgkill-"));
  child = bundleChild(join(__dirname, "save-loop.ts"), work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function killDuringSaves(dir: string, firstTag: string, signal: "SIGKILL" | "SIGTERM", delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, [child, dir, firstTag], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const start = setTimeout(() => proc.kill("SIGKILL"), START_TIMEOUT_MS);
    proc.stderr.on("data", (b: Buffer) => void (stderr += b.toString()));
    proc.stdout.once("data", () => {
      clearTimeout(start);
      setTimeout(() => proc.kill(signal), delayMs);
    });
    proc.on("exit", (code, sig) => {
      clearTimeout(start);
      if (sig === signal || (signal === "SIGTERM" && code === 0)) done();
      else fail(new Error(`saver ended otherwise (code ${code}, signal ${sig}): ${stderr}`));
    });
  });
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  test(`${KILLS_PER_SIGNAL} × ${signal} during settings saves: the config and the state always load`, async () => {
    const dir = mkdtempSync(join(work, `${signal}-`));
    copyFileSync(join(root, "linux/example-config.json"), join(dir, "config.json"));
    const random = lcg(signal === "SIGKILL" ? 11 : 23);
    const tags = new Set<string>();
    const bad: string[] = [];
    let inForce = "A";
    for (let i = 0; i < KILLS_PER_SIGNAL; i++) {
      await killDuringSaves(dir, inForce === "A" ? "B" : "A", signal, random() * 40);
      const read = readConfigFile(join(dir, "config.json"));
      if (!read.ok) {
        bad.push(`kill ${i}: ${JSON.stringify(read.errors)}`);
        continue;
      }
      const names = read.config.settings.loads.map((l) => l.name);
      // Until a first save lands the file holds the example's names; after, all names of one save.
      const tag = names.join() === "Salon,Chauffe-eau" ? "example" : names.every((n) => n.startsWith("A ")) ? "A" : names.every((n) => n.startsWith("B ")) ? "B" : "mixed";
      if (tag === "mixed") bad.push(`kill ${i}: names ${names.join(",")}`);
      tags.add(tag);
      if (tag === "A" || tag === "B") inForce = tag;
      const stored = readJson(new FileKeyValueStore(join(dir, "state")), APP_STORE_PREFIX + "settings");
      if (stored.error) bad.push(`kill ${i}: state ${stored.error}`);
    }
    expect(bad).toEqual([]);
    // The kills landed on both values (so some fell mid-loop, after saves), and left no temp file piling up.
    expect(tags.has("A") && tags.has("B")).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp")).length).toBeLessThanOrEqual(1);
  }, 120_000);
}
