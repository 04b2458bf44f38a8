// `npm start -- --scenario FILE [--fast]`: reads and checks a scenario, plays it, prints one JSON line per effect.
// Host-only entry for host-sim/main.ts; never holds policy. Exit code 0 when played, 2 when the file is invalid.

import { readFile } from "node:fs/promises";
import { nodeTimers } from "../../hal/node/clock";
import type { Timers } from "../../hal/types";
import { parseScenario } from "./parse";
import { ScenarioSimulation } from "./simulation";

export interface RunScenarioOptions {
  file: string;
  fast: boolean;
  out: (line: string) => void;
  /** Where problems go (defaults to stderr, so stdout stays pure JSON lines). */
  err?: (line: string) => void;
  /** Paces real time when not --fast (default: Node timers). */
  timers?: Timers;
}

export async function runScenario(options: RunScenarioOptions): Promise<number> {
  const err = options.err ?? ((line: string) => void process.stderr.write(line + "\n"));
  let text: string;
  try {
    text = await readFile(options.file, "utf8");
  } catch (error) {
    err(`scenario ${options.file}: cannot read it (${(error as Error).message})`);
    return 2;
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) err(`scenario ${options.file}: ${e.field}: ${e.message}`);
    return 2;
  }
  const timers = options.timers ?? nodeTimers;
  const wait = options.fast
    ? () => Promise.resolve()
    : (delayMs: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, delayMs));
  const simulation = new ScenarioSimulation(parsed.scenario, options.out);
  await simulation.run(wait);
  return 0;
}
