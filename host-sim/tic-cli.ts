// `npm run tic -- FILE|- [--mode historic|standard|auto]`: decode TIC bytes from a file, a device or stdin into JSON lines.
// Never interprets the data itself (src/tic does) and never exits non-zero for corrupted input, only for unusable arguments.
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import { TicDecoder } from "../src/tic/decoder";
import type { TicModeSetting } from "../src/tic/types";

const USAGE = "usage: npm run tic -- FILE|- [--mode historic|standard|auto]";
const MODES: readonly TicModeSetting[] = ["historic", "standard", "auto"];

function die(message: string, code = 2): never {
  process.stderr.write(`tic: ${message}\n`);
  process.exit(code);
}

function parseCommandLine(argv: string[]): { source: string; mode: TicModeSetting } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { mode: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    die(`${(error as Error).message.split("\n")[0]} (${USAGE})`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const mode = (parsed.values.mode ?? "auto") as TicModeSetting;
  if (!MODES.includes(mode)) die(`bad --mode "${parsed.values.mode}" (historic, standard or auto)`);
  if (parsed.positionals.length !== 1) die(`expected one FILE or - (${USAGE})`);
  return { source: parsed.positionals[0], mode };
}

function main(): void {
  const { source, mode } = parseCommandLine(process.argv.slice(2));
  const line = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
  const decoder = new TicDecoder({
    mode,
    onOverload: (event) => line({ type: "overload", ...event }),
    onFrame: (reading) => line({ type: "frame", ...reading }),
  });
  // `| head` closing our stdout is not an error of ours.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => process.exit(error.code === "EPIPE" ? 0 : 1));

  const input = source === "-" ? process.stdin : createReadStream(source);
  input.on("data", (chunk: Buffer | string) => decoder.push(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk));
  input.on("error", (error: NodeJS.ErrnoException) => {
    const why = error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "is a directory" : error.code === "EACCES" ? "permission denied" : error.message;
    die(`cannot read ${source}: ${why}`, 1);
  });
  input.on("end", () => {
    decoder.end();
    const c = decoder.counters;
    line({
      type: "summary",
      frames: c.frames,
      groupsOk: c.groupsOk,
      groupsBad: c.groupsBad,
      parityErrors: c.parityErrors,
      framesAborted: c.framesAborted,
      mode: decoder.lockedMode ?? null,
      badGroupsByReason: decoder.badGroupsByReason(),
    });
  });
}

main();
