// What each TIC capture must decode to, derived from ITS sidecar JSON; shared by the jest and the XS lanes.
// Never uses a Node API (it runs on XS) and never borrows the decoder's tables: its own small tables are the oracle.
import { historicGroupText, standardGroupText } from "../../host-sim/meter/tic-encoder";
import { TicDecoder } from "../../src/tic/decoder";
import type { TicCounters, TicGroup, TicMode, TicModeSetting, TicOverloadEvent, TicReading } from "../../src/tic/types";

export interface Sidecar {
  file: string;
  mode: TicMode;
  meter?: string;
  contract?: string;
  period?: string;
  tomorrow_color?: string;
  isousc_A?: number;
  pref_kVA?: number;
  pcoup_kVA?: number;
  sinsts_VA?: number;
  producer?: boolean;
  adps_present?: boolean;
  hhphc?: string;
  anonymized?: string;
  date?: string;
  power?: string;
  corrupted_input?: boolean;
  frames?: number | Array<{ period: string; tomorrow: string; papp_VA: number; iinst_A: number[] }>;
  stge?: Record<string, number | string>;
  checksum_verification: {
    groups_total: number;
    groups_bad: number;
    bad_groups: Array<{ group: string; why: string }>;
    partial_head_or_tail: string[];
    stx_count: number;
    etx_count: number;
  };
}

export interface FixtureRun {
  readings: TicReading[];
  overloads: TicOverloadEvent[];
  groups: TicGroup[];
  counters: TicCounters;
  lockedMode: TicMode | undefined;
}

export interface FixtureCheck {
  name: string;
  /** Throws an Error naming the difference. */
  verify(run: FixtureRun): void;
}

/** Decode a whole capture, fed in chunks of `chunkBytes` (default: all at once), then end of input. */
export function decodeFixture(bytes: Uint8Array, mode: TicModeSetting = "auto", chunkBytes = bytes.length): FixtureRun {
  const run: FixtureRun = { readings: [], overloads: [], groups: [], counters: undefined as unknown as TicCounters, lockedMode: undefined };
  const decoder = new TicDecoder({
    mode,
    onFrame: (r) => run.readings.push(r),
    onOverload: (e) => run.overloads.push(e),
    onGroup: (g) => run.groups.push(g),
  });
  const step = Math.max(1, chunkBytes);
  for (let i = 0; i < bytes.length; i += step) decoder.push(bytes.subarray(i, i + step));
  decoder.end();
  run.counters = { ...decoder.counters };
  run.lockedMode = decoder.lockedMode;
  return run;
}

/** Sidecar bytes (as the XS lane inlines them) to an object. */
export function parseSidecar(bytes: Uint8Array): Sidecar {
  const Decoder = (globalThis as { TextDecoder?: new () => { decode(b: Uint8Array): string } }).TextDecoder;
  let text = "";
  if (Decoder) text = new Decoder().decode(bytes);
  else for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return JSON.parse(text) as Sidecar;
}

// ── the oracle's own tables (from DOMAIN.md §1, written independently of src/tic) ──
const PTEC: Record<string, [string, string]> = {
  "TH..": ["none", "none"], "HC..": ["none", "hc"], "HP..": ["none", "hp"],
  HCJB: ["blue", "hc"], HPJB: ["blue", "hp"], HCJW: ["white", "hc"], HPJW: ["white", "hp"], HCJR: ["red", "hc"], HPJR: ["red", "hp"],
};
const TEMPO_INDEX: Array<[string, string]> = [["none", "none"], ["blue", "hc"], ["blue", "hp"], ["white", "hc"], ["white", "hp"], ["red", "hc"], ["red", "hp"]];
const WORD_COLOUR: Record<string, string> = { BLEU: "blue", BLAN: "white", BLANC: "white", ROUG: "red", ROUGE: "red", "----": "unknown", none: "none" };
const STGE_CODE_COLOUR = ["unknown", "blue", "white", "red"];

function fail(message: string): never {
  throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function someReadings(run: FixtureRun): TicReading[] {
  if (run.readings.length === 0) fail("no reading decoded");
  return run.readings;
}

function contractOf(sc: Sidecar): string | undefined {
  const meter = sc.meter ?? "";
  if (/PRODUCER/.test(meter)) return "producer";
  const text = sc.contract ?? "";
  if (/tempo/i.test(text)) return "tempo";
  if (/^HC |H PLEINE\/CREUSE/.test(text)) return "hc-hp";
  if (/^BASE/.test(text)) return "base";
  return undefined;
}

/** Period as [colour, period] from the sidecar's words: PTEC first, then NTARF (Tempo), then LTARF. */
function periodOf(sc: Sidecar, contract: string | undefined, text = sc.period): [string, string] | undefined {
  if (!text) return undefined;
  const ptec = /PTEC "([^"]+)"/.exec(text);
  if (ptec) return PTEC[ptec[1]];
  const ntarf = /NTARF (\d+)/.exec(text);
  if (ntarf && contract === "tempo") return TEMPO_INDEX[Number(ntarf[1])];
  const ltarf = /LTARF "([^"]+)"/.exec(text);
  if (ltarf) {
    const words = ltarf[1].trim().split(/\s+/);
    return [WORD_COLOUR[words[1]] ?? "none", words[0].toLowerCase()];
  }
  return undefined;
}

function tomorrowOf(sc: Sidecar, text = sc.tomorrow_color): string | undefined {
  if (text) {
    const demain = /DEMAIN "([^"]+)"/.exec(text);
    if (demain) return WORD_COLOUR[demain[1]];
    const bits = /STGE bits 26-27 = (\d)/.exec(text);
    if (bits) return STGE_CODE_COLOUR[Number(bits[1])];
  }
  const fromStge = sc.stge?.bits26_27_couleur_lendemain;
  if (typeof fromStge === "string") return fromStge === "none" ? "unknown" : WORD_COLOUR[fromStge];
  return undefined;
}

/** Every check the sidecar allows, each named after the sidecar field it comes from. */
export function fixtureChecks(sc: Sidecar, bytes: Uint8Array): FixtureCheck[] {
  const checks: FixtureCheck[] = [];
  const add = (name: string, verify: (run: FixtureRun) => void) => checks.push({ name, verify });
  const cv = sc.checksum_verification;

  add("mode", (run) => same(run.lockedMode, sc.mode, "locked mode"));

  // The sidecar's checker splits groups LF…CR; this decoder also ends a group at an LF (a lost CR), so the group
  // hidden after an "LF inside group" is checked on its own (and is good), and a tail "X\n" is a group cut short.
  const split = cv.bad_groups.filter((b) => /LF inside group/.test(b.why)).length;
  const cutTail = cv.partial_head_or_tail.filter((p) => p.length > 1 && p.endsWith("\n") && p.charCodeAt(0) >= 0x20).length;
  add("checksum_verification groups", (run) => {
    same(run.counters.groupsBad, cv.groups_bad + cutTail, "bad groups");
    same(run.counters.groupsOk, cv.groups_total - cv.groups_bad + split, "good groups");
    same(run.groups.length, run.counters.groupsOk, "group events");
  });
  // A bad group's label/data may only be delivered as often as the file holds that group with a right checksum.
  let latin1 = "";
  for (let i = 0; i < bytes.length; i++) latin1 += String.fromCharCode(bytes[i]);
  cv.bad_groups.forEach((bad, i) => {
    const fields = sc.mode === "standard" ? /^([A-Z0-9+-]+)\t(?:[^\t]*\t)?([^\t]*)\t.$/.exec(bad.group) : /^([A-Z0-9+-]+) (.*) .$/.exec(bad.group);
    if (!fields) return;
    const [, label, data] = fields;
    const good = sc.mode === "standard" ? standardGroupText({ label, data }) : historicGroupText(label, data);
    const validCopies = latin1.split(good).length - 1;
    add(`bad group ${i} (${label}) never delivered`, (run) =>
      same(run.groups.filter((g) => g.label === label && g.data === data).length, validCopies, `deliveries of ${label} "${data}"`),
    );
  });
  add("no parity errors in a 7-bit capture", (run) => same(run.counters.parityErrors, 0, "parity errors"));

  if (typeof sc.frames === "number") add("frames", (run) => same(run.readings.length, sc.frames, "readings"));
  else if (Array.isArray(sc.frames)) {
    const frames = sc.frames;
    add("frames[]", (run) => {
      same(run.readings.length, frames.length, "readings");
      frames.forEach((f, i) => {
        const r = run.readings[i];
        same([r.current.colour, r.current.period], periodOf(sc, "tempo", f.period), `frame ${i} period`);
        same(r.tomorrow.colour, tomorrowOf(sc, f.tomorrow), `frame ${i} tomorrow`);
        same(r.apparentPowerVA, f.papp_VA, `frame ${i} PAPP`);
        same(r.currentsA, f.iinst_A, `frame ${i} IINST`);
      });
    });
  } else add("at least one frame", (run) => someReadings(run));

  const contract = contractOf(sc);
  if (contract) add("contract", (run) => someReadings(run).forEach((r) => same(r.contract, contract, "contract")));
  const period = periodOf(sc, contract);
  if (period) add("period", (run) => someReadings(run).forEach((r) => same([r.current.colour, r.current.period], period, "current period")));
  const tomorrow = tomorrowOf(sc);
  if (tomorrow && !Array.isArray(sc.frames)) add("tomorrow_color", (run) => someReadings(run).forEach((r) => same(r.tomorrow.colour, tomorrow, "tomorrow")));

  const isousc = sc.isousc_A;
  if (isousc !== undefined) {
    add("isousc_A", (run) => {
      const groups = run.groups.filter((g) => g.label === "ISOUSC");
      if (groups.length === 0) fail("no ISOUSC group");
      groups.forEach((g) => same(Number(g.data), isousc, "ISOUSC"));
      if (!/three-phase/.test(sc.meter ?? "")) someReadings(run).forEach((r) => same(r.subscribedPowerVA, isousc * 200, "subscribed VA"));
    });
  }
  if (sc.pref_kVA !== undefined) add("pref_kVA", (run) => someReadings(run).forEach((r) => same(r.subscribedPowerVA, sc.pref_kVA! * 1000, "PREF VA")));
  if (sc.pcoup_kVA !== undefined) add("pcoup_kVA", (run) => someReadings(run).forEach((r) => same(r.cutOffPowerVA, sc.pcoup_kVA! * 1000, "PCOUP VA")));
  if (sc.sinsts_VA !== undefined) add("sinsts_VA", (run) => same(someReadings(run)[0].apparentPowerVA, sc.sinsts_VA, "SINSTS"));
  if (sc.hhphc !== undefined) add("hhphc", (run) => same(run.groups.filter((g) => g.label === "HHPHC").map((g) => g.data).filter((d) => d !== sc.hhphc), [], "HHPHC"));
  if (sc.producer === false) add("producer", (run) => someReadings(run).forEach((r) => same(r.producer, false, "producer")));
  if (/PRODUCER/.test(sc.meter ?? "")) {
    add("meter producer: injection is not consumption", (run) =>
      someReadings(run).forEach((r) => {
        same(r.producer, true, "producer");
        same(r.apparentPowerVA, 0, "SINSTS (drawn)");
        if (!(r.injectedPowerVA! > 0)) fail(`SINSTI should be > 0, got ${r.injectedPowerVA}`);
      }),
    );
  }
  if (sc.adps_present === false || /-> no overload/.test(JSON.stringify(sc))) {
    add("no overload", (run) => {
      same(run.overloads.length, 0, "overload events");
      someReadings(run).forEach((r) => same(r.overload.active, false, "overload"));
    });
  }
  const dateMatch = sc.date ? /DATE (\S+)/.exec(sc.date) : null;
  if (dateMatch) add("date", (run) => same(someReadings(run)[0].meterTime, dateMatch[1], "DATE horodate"));

  const meterId = /(?:ADCO|ADSC) (\d{12})/.exec(sc.meter ?? "");
  if (sc.anonymized) {
    // The masked meter id's group has a wrong checksum: it must never reach a reading.
    add("anonymized id dropped", (run) => someReadings(run).forEach((r) => same(r.meterId, undefined, "meter id")));
  } else if (meterId) {
    add("meter id", (run) => someReadings(run).forEach((r) => same(r.meterId, meterId[1], "meter id")));
  }
  const phases = /three-phase|IRMS1\.\.3/.test(sc.meter ?? "") ? 3 : /single-phase|monophase/.test(sc.meter ?? "") ? 1 : 0;
  // A frame whose IRMS/IINST group was dropped has fewer currents, never more.
  if (phases) {
    add("phases", (run) => {
      const counts = someReadings(run).map((r) => r.currentsA.length);
      if (!counts.includes(phases) || counts.some((n) => n > phases)) fail(`phase currents per reading: ${counts.join(",")}, expected ${phases}`);
    });
  }

  if (sc.stge) {
    const s = sc.stge;
    const colour = (v: number | string) => (v === "none" ? "none" : WORD_COLOUR[String(v)]);
    add("stge", (run) => {
      const r = someReadings(run)[0];
      if (!r.stge) fail("no STGE decoded");
      same(r.stge.raw, parseInt(String(s.raw), 16), "STGE raw");
      same(r.stge.dryContactOpen, s.bit0_contact_sec_open === 1, "bit 0");
      same(r.stge.cutOff, s.bits1_3_organe_coupure, "bits 1-3");
      same(r.stge.overVoltage, s.bit6_surtension === 1, "bit 6");
      same(r.stge.overrun, s.bit7_depassement_puissance_reference === 1, "bit 7");
      same(r.stge.producer, s.bit8_producteur === 1, "bit 8");
      same(r.stge.negativeEnergy, s.bit9_energie_active_negative === 1, "bit 9");
      same(r.stge.supplierIndex - 1, s.bits10_13_index_fourniture_0based, "bits 10-13");
      same(r.stge.clockDegraded, s.bit16_horloge_degradee === 1, "bit 16");
      same(r.stge.todayColour, colour(s.bits24_25_couleur_jour), "bits 24-25");
      same(r.stge.tomorrowColour, colour(s.bits26_27_couleur_lendemain), "bits 26-27");
      same(r.stge.mobilePeakNotice, s.bits28_29_preavis_pm, "bits 28-29");
      same(r.stge.mobilePeak, s.bits30_31_pointe_mobile, "bits 30-31");
    });
  }
  if (sc.corrupted_input) add("corruption counted, not thrown", (run) => (run.counters.groupsBad > 0 ? undefined : fail("no bad group counted")));
  return checks;
}
