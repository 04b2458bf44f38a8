// XS script for bench/signals-heap.ts, run by the xsnap-heap runner: the peak heap each step of an Internet source's
// answer adds on XS (body assembled from fragments, decoded, parsed, weighed, dispatched). Never asserts; one JSON line.
import { concatByteList, utf8Decode, utf8Encode } from "../../lib/bytes";
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import { parseEcowatt, parseJson, parseRteCalendar, parseRteToken } from "../../src/signals/parsers";
import { ecowattHours } from "../../src/signals/poller";
import { localToUtc } from "../../src/tariff/local-time";
import { reading } from "../../test/app/readings";
import { RTE_CALENDAR } from "../../test/signals/signal-cases";
import { live, peakAdded } from "./heap-probe";

declare const print: (text: string) => void;

/** Ecowatt as RTE sends it: J to J+3, 24 steps each, a message per day (≈3 KB). */
function ecowattBody(): string {
  const signals = [];
  for (let d = 0; d < 4; d++) {
    const values = [];
    for (let pas = 0; pas < 24; pas++) values.push({ pas, hvalue: pas >= 8 && pas < 10 ? 3 : 1 });
    const day = `2026-12-0${d + 1}T00:00:00+01:00`;
    signals.push({ GenerationFichier: "2026-12-01T17:00:00+01:00", jour: day, dvalue: d === 1 ? 3 : 1, message: "Pas d'alerte. Coupures d'électricité programmées possibles si le réseau est tendu.", values });
  }
  return JSON.stringify({ signals });
}

const TOKEN = JSON.stringify({ access_token: "x".repeat(40), token_type: "Bearer", expires_in: 7200 });
const CALENDAR = JSON.stringify(RTE_CALENDAR);
const ECOWATT = ecowattBody();

/** The body as the Moddable client gets it: fragments of ≤ 1 KB (SecureSocket's plaintext pieces), joined once. */
function fragments(body: string): Uint8Array[] {
  const bytes = utf8Encode(body);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 1024) out.push(bytes.slice(at, at + 1024));
  return out;
}

const settings = validateSettings({ loads: [{ id: "salon", priority: 2, nominalPowerW: 2000, shedBy: ["red_peak", "white_peak", "overload", "ecowatt"] }], ecowattEnabled: true });
if (!settings.ok) throw new Error("settings");
const now = localToUtc(2026, 12, 1, 10, 40);
const controller = new Controller(settings.settings, undefined, now);
controller.dispatch({ type: "tic-frame", reading: reading({ colour: "white", period: "hp", tomorrow: "unknown" }) }, now);
const colours = [
  { source: "rte", dayStartMs: localToUtc(2026, 12, 1, 6), colour: "white" as const },
  { source: "rte", dayStartMs: localToUtc(2026, 12, 2, 6), colour: "red" as const },
  { source: "tempo-light", dayStartMs: localToUtc(2026, 12, 2, 6), colour: "red" as const },
];
const eco = parseEcowatt(JSON.parse(ECOWATT));
const hours = eco.ok ? ecowattHours(eco.value) : [];
const before = live();
let t = now;

const rows = [
  { name: "token: join+decode+parse", bytes: TOKEN.length, peak: peakAdded(() => void parseRteToken((parseJson(utf8Decode(concatByteList(fragments(TOKEN)))) as { value: unknown }).value)) },
  { name: "calendar: join+decode+parse", bytes: CALENDAR.length, peak: peakAdded(() => void parseRteCalendar((parseJson(utf8Decode(concatByteList(fragments(CALENDAR)))) as { value: unknown }).value)) },
  { name: "ecowatt: join+decode+parse", bytes: ECOWATT.length, peak: peakAdded(() => void ecowattHours((parseEcowatt((parseJson(utf8Decode(concatByteList(fragments(ECOWATT)))) as { value: unknown }).value) as { ok: true; value: never }).value)) },
  // Alternate the colours so each dispatch really moves the slice (a repeat is free: the same state back).
  { name: "dispatch tariff-signal", bytes: 0, peak: peakAdded(() => void controller.dispatch({ type: "tariff-signal", colours: (t += 1000) % 2000 === 0 ? colours : colours.slice(0, 2) }, t)) },
  { name: "dispatch ecowatt-signal", bytes: 0, peak: peakAdded(() => void controller.dispatch({ type: "ecowatt-signal", hours: (t += 1000) % 2000 === 0 ? hours : hours.slice(1) }, t)) },
];
const after = live();
print(JSON.stringify({ rows, heldChunks: after.chunks - before.chunks, heldSlots: after.slots - before.slots }));
