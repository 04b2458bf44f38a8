// Real three-phase captures replayed for a minute with the groups that say "three-phase" (and the subscription) broken
// in some frames, through the real decoder into a real Controller. Node-free: jest and the XS lane run these cases.
import { Controller } from "../../src/app/controller";
import type { Effect } from "../../src/app/types";
import { validateSettings } from "../../src/settings/validate";
import { parseIsoWithOffset } from "../../src/tariff/local-time";
import { TicDecoder } from "../../src/tic";
import type { TicReading } from "../../src/tic/types";
import type { Sidecar } from "../tic/expectations";

const STX = 0x02;
const ETX = 0x03;
const LF = 0x0a;
const CR = 0x0d;
const FRAME_MS = 1500;
/** A minute of frames, as long as the water heater stayed cut. */
const FRAMES = 40;

/** Three loads that fit an 18 kVA budget and not a 6 kVA one: the budget cuts the water heater first (priority 4). */
const LOADS = [
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "chambres", name: "Chambres", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  // Heats whenever it may (not placed in HC): these captures alternate HP and HC frames, and a placed heater's
  // "waiting" would be a new reason at every HC frame.
  { id: "chauffe-eau", name: "Chauffe-eau", kind: "water-heater", priority: 4, nominalPowerW: 3000, heatIn: "any" },
];

export type Damage =
  /** these groups fail their checksum (one data byte changed): the decoder drops them */
  | { drop: readonly string[] }
  /** this group's two digits "ab" become "(a-1)(b+1)": the same checksum, so a wrong value passes once */
  | { swap: string };

export interface ThreePhaseCase {
  name: string;
  /** French local time of the first frame, on the capture's own tariff period. */
  startIso: string;
  /** Damage by frame number (0-based, over FRAMES frames cycling through the capture's frames). */
  damage: Readonly<Record<number, readonly Damage[]>>;
}

const HISTORIC_PHASE_GROUPS = ["IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3", "PMAX", "PPOT"];
const STANDARD_PHASE_GROUPS = ["IRMS2", "IRMS3", "URMS2", "URMS3", "SINSTS1", "SINSTS2", "SINSTS3", "SMAXSN1", "SMAXSN2", "SMAXSN3", "SMAXSN1-1", "SMAXSN2-1", "SMAXSN3-1", "UMOY2", "UMOY3"];

/** What the issue saw (IINST1 and IMAX1 lost, once and twice in a row), every phase group lost, a wrong ISOUSC once. */
export const HISTORIC_DAMAGE: Readonly<Record<number, readonly Damage[]>> = {
  5: [{ drop: ["IINST1", "IMAX1"] }],
  11: [{ drop: ["IINST1", "IMAX1"] }],
  12: [{ drop: ["IINST1", "IMAX1"] }],
  20: [{ drop: HISTORIC_PHASE_GROUPS }],
  27: [{ swap: "ISOUSC" }],
  33: [{ drop: ["IINST1", "IMAX1", "ISOUSC"] }],
};
export const STANDARD_DAMAGE: Readonly<Record<number, readonly Damage[]>> = {
  5: [{ drop: ["SINSTS1", "IRMS2", "URMS2"] }],
  11: [{ drop: STANDARD_PHASE_GROUPS }],
  12: [{ drop: STANDARD_PHASE_GROUPS }],
  20: [{ drop: ["PREF"] }],
  27: [{ swap: "PREF" }],
};

/** The capture's frames, each STX … ETX (a capture without STX/ETX is one frame body). */
export function framesOf(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let start = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === STX) start = i;
    else if (bytes[i] === ETX && start >= 0) {
      frames.push(bytes.slice(start, i + 1));
      start = -1;
    }
  }
  if (frames.length > 0) return frames;
  // A body ends at its last group's CR: a byte after it would open a group that the ETX then cuts.
  const body = bytes.subarray(0, bytes.lastIndexOf(CR) + 1);
  const whole = new Uint8Array(body.length + 2);
  whole[0] = STX;
  whole.set(body, 1);
  whole[whole.length - 1] = ETX;
  return [whole];
}

/** Index of the first byte after `label` and its separator in `frame` (a horodated group's season letter). */
function dataAt(frame: Uint8Array, label: string): number {
  for (let i = 0; i + label.length + 1 < frame.length; i++) {
    if (frame[i] !== LF) continue;
    let j = 0;
    while (j < label.length && frame[i + 1 + j] === label.charCodeAt(j)) j++;
    const separator = frame[i + 1 + j];
    if (j === label.length && (separator === 0x20 || separator === 0x09)) return i + 2 + j;
  }
  throw new Error(`no ${label} group in the frame`);
}

export function damaged(frame: Uint8Array, damage: readonly Damage[]): Uint8Array {
  const out = frame.slice();
  for (const d of damage) {
    if ("drop" in d) {
      for (const label of d.drop) {
        const at = dataAt(out, label);
        // A byte moved by one changes the group's sum by one: its checksum no longer matches.
        out[at] = out[at] === 0x39 ? 0x38 : out[at] + 1;
      }
    } else {
      const at = dataAt(out, d.swap);
      if (!(out[at] > 0x30 && out[at] <= 0x39 && out[at + 1] >= 0x30 && out[at + 1] < 0x39)) throw new Error(`${d.swap}: cannot swap`);
      out[at]--;
      out[at + 1]++;
    }
  }
  return out;
}

/** The subscribed power the capture's sidecar states: PREF × 1000, or ISOUSC × 200 per phase on a three-phase meter. */
export function sidecarSubscribedVA(sidecar: Sidecar): number {
  if (sidecar.pref_kVA !== undefined) return sidecar.pref_kVA * 1000;
  if (sidecar.isousc_A !== undefined && /three-phase/.test(sidecar.meter ?? "")) return sidecar.isousc_A * 200 * 3;
  throw new Error(`${sidecar.file}: the sidecar states no three-phase subscription`);
}

export interface ThreePhaseRun {
  /** The limit (VA) in force after each frame. */
  limits: number[];
  /** The subscribed power each frame's reading carried (undefined: the frame did not say). */
  offered: (number | undefined)[];
  /** Load facts after the first frame: "frame: id on/off reason". */
  switches: string[];
  badGroups: number;
  readings: number;
}

/** Plays FRAMES frames of the capture (cycling through its frames) with `damage`, then `tail` more if given. */
export function playThreePhase(bytes: Uint8Array, sidecar: Sidecar, c: ThreePhaseCase, tail?: (frame: Uint8Array) => Uint8Array, tailFrames = 0): ThreePhaseRun {
  const checked = validateSettings({ loads: LOADS });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const t0 = parseIsoWithOffset(c.startIso);
  const controller = new Controller(checked.settings, undefined, t0);
  const readings: TicReading[] = [];
  const decoder = new TicDecoder({ mode: sidecar.mode, onFrame: (r) => readings.push(r) });
  const frames = framesOf(bytes);
  const run: ThreePhaseRun = { limits: [], offered: [], switches: [], badGroups: 0, readings: 0 };
  for (let i = 0; i < FRAMES + tailFrames; i++) {
    let frame = frames[i % frames.length];
    if (i >= FRAMES && tail) frame = tail(frame);
    else if (c.damage[i]) frame = damaged(frame, c.damage[i]);
    readings.length = 0;
    decoder.push(frame);
    const atMs = t0 + i * FRAME_MS;
    for (const reading of readings) {
      run.readings++;
      run.offered.push(reading.subscribedPowerVA);
      const effects: Effect[] = controller.dispatch({ type: "tic-frame", reading }, atMs);
      for (const e of effects) if (e.type === "load" && i > 0) run.switches.push(`frame ${i}: ${e.id} ${e.on ? "on" : "off"} ${e.reason}`);
    }
    run.limits.push(controller.snapshot().meter.limitVA);
  }
  run.badGroups = decoder.counters.groupsBad;
  return run;
}
