// XS lane: bundles every test/xs/*.xs.ts suite with esbuild and runs it on the real XS engine
// (the xsnap command-line runner built from the sources in @agoric/xsnap). Fails on any failure,
// on a suite that never reached its summary line, and when no test ran at all.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { xsnapHeapBinary } from "../../bench/xs/xsnap-heap.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixturesDir = resolve(root, "../shared/fixtures");
const outDir = join(root, "build/xs");
/** Suites that read XS's own heap accounting (heapStats): run on the xsnap-heap runner, built once (~1 min). */
const HEAP_SUITES = ["socket-bounds.xs.ts", "homekit-switches.xs.ts"];

/** Path of the xsnap CLI, built on first use (~45 s) from the package's bundled XS sources. */
export function xsnapBinary() {
  const pkg = join(root, "node_modules/@agoric/xsnap");
  const bin = join(pkg, "moddable/build/bin/lin/release/xsnap");
  if (!existsSync(bin)) {
    process.stderr.write("xs: building the xsnap runner from @agoric/xsnap sources...\n");
    const makeDir = join(pkg, "xsnap-native/xsnap/makefiles/lin");
    // The compiler's output is only shown when the build fails (it warns on every file otherwise).
    const made = spawnSync(
      "make",
      [`MODDABLE=${join(pkg, "moddable")}`, "GOAL=release", "XSNAP_VERSION=0.15.0", 'CC=cc "-D__has_builtin(x)=1"', "-f", "xsnap.mk"],
      { cwd: makeDir, encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`building xsnap failed (exit ${made.status}):\n${made.stdout}${made.stderr}`);
  }
  return bin;
}

/** esbuild plugin: `import bytes from "fixture:tic/NAME.tic"` inlines that shared fixture as a Uint8Array. */
export const fixturePlugin = {
  name: "fixtures",
  setup(b) {
    b.onResolve({ filter: /^fixture:/ }, (args) => ({ path: join(fixturesDir, args.path.slice(8)), namespace: "fixture" }));
    b.onLoad({ filter: /.*/, namespace: "fixture" }, (args) => {
      const bytes = readFileSync(args.path);
      return { contents: `export default new Uint8Array([${Array.from(bytes).join(",")}]);`, loader: "js" };
    });
  },
};

/** Bundle one TypeScript entry into a single ES module XS can run. */
export async function bundleForXs(entry, outFile) {
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    // xsnap's XS 13 fails on a static field that instantiates its own class (@noble/curves' Point.BASE): lower them.
    supported: { "class-static-field": false },
    mainFields: ["module", "main"],
    plugins: [fixturePlugin],
    logLevel: "error",
  });
}

/**
 * The firmware's deepest path (a HomeKit write through the whole publish path, test/xs/stack/write-path.ts) against
 * the XS stack the firmware manifest asks for (`creation.stack`, in slots). It cannot run inside that stack here: the
 * bundle's module body alone needs more (every bundled module's top-level bindings in one frame, unlike the device's
 * separate modules), so the probe runner measures the path's peak from its own job and the check compares. xsnap's
 * peak runs above the lin firmware's (707 vs 581 slots when measured: the JS crypto's frames where the device calls
 * native code), so this errs on the safe side. A 512-slot stack aborted every HomeKit write on the lin firmware.
 */
async function stackCheck() {
  const outFile = join(outDir, "stack-write-path.mjs");
  await bundleForXs(join(root, "test/xs/stack/write-path.ts"), outFile);
  const run = spawnSync(xsnapHeapBinary(), ["-m", outFile], { encoding: "utf8", timeout: 300_000 });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  const stack = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")).creation?.stack;
  const peak = /^write-path: stack peak (\d+) slots in the writes, (\d+) in pairing and set-up$/m.exec(output);
  const problems = [];
  if (!/^write-path: ok$/m.test(output)) problems.push(`the write path did not complete:\n${output}`);
  if (typeof stack !== "number") problems.push("manifest.json has no creation.stack");
  // The writes are what overflowed; the pairing's peak here is @noble's JS SRP, native and sliced on the device.
  const need = peak ? Number(peak[1]) : undefined;
  if (need === undefined) problems.push("no stack peak reported");
  else if (typeof stack === "number" && need > stack) problems.push(`the path peaks at ${need} slots, above the firmware's stack of ${stack}: raise manifest.json creation.stack`);
  process.stdout.write(`xs stack: a HomeKit write peaks at ${need ?? "?"} slots on xsnap (pairing ${peak?.[2] ?? "?"}); the firmware's stack is ${stack} slots\n`);
  for (const p of problems) process.stdout.write(`FAIL xs stack: ${p}\n`);
  return problems.length === 0;
}

async function main() {
  const only = process.argv[2];
  const suites = readdirSync(join(root, "test/xs"))
    .filter((f) => f.endsWith(".xs.ts") && (!only || f.includes(only)))
    .sort();
  const xsnap = xsnapBinary();
  mkdirSync(outDir, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const suite of suites) {
    const outFile = join(outDir, suite.replace(/\.ts$/, ".mjs"));
    await bundleForXs(join(root, "test/xs", suite), outFile);
    const runner = HEAP_SUITES.includes(suite) ? xsnapHeapBinary() : xsnap;
    const run = spawnSync(runner, ["-m", outFile], { encoding: "utf8", timeout: 300_000 });
    const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    const summary = /^xs .*: (\d+) passed, (\d+) failed$/m.exec(output);
    if (!summary) {
      failed++;
      process.stdout.write(`FAIL ${suite}: never reached its summary (exit ${run.status}, signal ${run.signal})\n${output}\n`);
      continue;
    }
    process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    passed += Number(summary[1]);
    failed += Number(summary[2]);
  }
  if (!only || "stack".includes(only)) {
    if (await stackCheck()) passed++;
    else failed++;
  }
  process.stdout.write(`xs: ${passed} passed, ${failed} failed\n`);
  if (failed > 0 || passed === 0) process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    process.stderr.write(`xs: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
