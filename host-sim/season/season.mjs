// `npm run season`: bundles host-sim/season/main.ts with esbuild (one scope: a season runs ~2× faster than through
// tsx's per-module bindings) into build/season/, then runs it with the arguments given. Host-only launcher.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const outfile = join(root, "build/season/main.mjs");
await build({
  entryPoints: [join(root, "host-sim/season/main.ts")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "error",
  define: { "import.meta.url": JSON.stringify(pathToFileURL(join(root, "host-sim/season/main.ts")).href) },
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = main(process.argv.slice(2));
