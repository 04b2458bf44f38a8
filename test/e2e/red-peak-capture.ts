// The red-peak meter capture the end-to-end tests replay through host-sim: Tempo red day, peak hours, white tomorrow.
// Never writes outside the directory it is given.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";

/** 1500 frames: the file source replays ~40 frames a second, so the replay outlasts pairing and a browser test. */
const FRAME_COUNT = 1500;
const FRAME_STEP_MS = 1500;

/** Write red-hp.tic (historic TIC, 9 kVA, 2500 VA drawn) into `dir` and return its path. */
export function writeRedPeakCapture(dir: string): string {
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 });
  const frames: Uint8Array[] = [];
  const startMs = Date.UTC(2026, 0, 15, 13, 0, 0); // a Thursday in January, 14:00 in France
  for (let i = 0; i < FRAME_COUNT; i++) {
    meter.setState({ colour: "red", period: "hp", tomorrow: "white", powerVA: 2500, atMs: startMs + i * FRAME_STEP_MS });
    frames.push(meter.frame());
  }
  const path = join(dir, "red-hp.tic");
  writeFileSync(path, Buffer.concat(frames));
  return path;
}
