// What the kill-during-save tests share: a child program bundled once, and a seeded random for kill delays.

import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../..");

/**
 * Bundles `entry` once, as CommonJS (25 ms a start faster than ESM here), with esbuild's own binary (its JS API trips
 * on jest's realms): each kill then costs one plain node start. Returns the bundle's path in `outDir`.
 */
export function bundleChild(entry: string, outDir: string): string {
  const child = join(outDir, "save-loop.cjs");
  const built = spawnSync(join(root, "node_modules/.bin/esbuild"), [entry, "--bundle", "--platform=node", "--format=cjs", `--outfile=${child}`, "--log-level=error"], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
  return child;
}

/** Deterministic 32-bit LCG, so a failing run can be replayed. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
