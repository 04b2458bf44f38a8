// A winter week on a virtual clock: the real Controller, the real sources over HTTPS on loopback (fake RTE with a
// test CA), the poller on virtual timers. The meter shows tomorrow as ---- until 20:00; RTE publishes at 10:30.
// Checks: the HomeKit tomorrow sensor opens at 10:40 on the eve of red; a day RTE is down; a day meter and RTE
// disagree; an Ecowatt red hour 08–10 sheds the load that opted in, and only then.
import { NodeHttpClient } from "../../hal/node/http-client";
import type { HttpClient, HttpRequest } from "../../hal/types";
import { VirtualTime } from "../../host-sim/virtual-time";
import { Controller } from "../../src/app/controller";
import type { Effect, Settings } from "../../src/app/types";
import { homekitValues } from "../../src/publish/presentation";
import { validateSettings } from "../../src/settings/validate";
import { SignalPoller } from "../../src/signals/poller";
import { EcowattSource, JourTempoSource, RteTempoSource, RteToken, TempoLightSource } from "../../src/signals/sources";
import { localParts, localToUtc } from "../../src/tariff/local-time";
import { addDays, periodAt, tempoDate } from "../../src/tariff/tempo-calendar";
import type { TempoColour } from "../../src/tic/types";
import { reading } from "../app/readings";
import { startFakeRte, type FakeRte } from "./fake-rte";

/** The week's real colours (Mon 30 Nov → Mon 7 Dec 2026). */
const TRUTH: Record<string, TempoColour> = {
  "2026-11-30": "blue",
  "2026-12-01": "white",
  "2026-12-02": "red",
  "2026-12-03": "red",
  "2026-12-04": "white",
  "2026-12-05": "blue",
  "2026-12-06": "blue",
  "2026-12-07": "white",
};
const RTE_DOWN = "2026-12-03";
/** The meter shows blue all day while the day is white (a known meter fault). */
const METER_WRONG = "2026-12-04";
const RTE_VALUE = { blue: "BLUE", white: "WHITE", red: "RED" } as const;

const key = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const localAt = (date: string, hour: number, minute = 0) => localToUtc(+date.slice(0, 4), +date.slice(5, 7), +date.slice(8, 10), hour, minute);

/** Counts exchanges under way, so the virtual clock only moves on once the loopback answers are in. */
class Counting implements HttpClient {
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly inner: HttpClient) {}
  async request(r: HttpRequest) {
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    try {
      return await this.inner.request(r);
    } finally {
      this.inFlight--;
    }
  }
}

async function settle(http: Counting): Promise<void> {
  do await new Promise((r) => setImmediate(r));
  while (http.inFlight > 0);
  await new Promise((r) => setImmediate(r));
}

let rte: FakeRte;
let node: NodeHttpClient;
beforeAll(async () => {
  rte = await startFakeRte();
  node = new NodeHttpClient({ extraCaPem: rte.pki.caPem });
});
afterAll(async () => {
  await node.close();
  await rte.close();
});

function boxSettings(): Settings {
  const r = validateSettings({
    loads: [
      { id: "salon", priority: 2, nominalPowerW: 2000, shedBy: ["red_peak", "white_peak", "overload", "ecowatt"] },
      { id: "boiler", kind: "relay", priority: 4, nominalPowerW: 2400, shedBy: ["red_peak", "white_peak", "overload"] },
    ],
    ecowattEnabled: true,
    rteTempoEnabled: true,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.settings;
}

test("a winter week: tomorrow's red at 10:40, RTE down a day, meter and RTE disagree, Ecowatt red 08–10", async () => {
  const time = new VirtualTime(localAt("2026-11-30", 5));
  const http = new Counting(node);
  const base = () => rte.url;
  const token = new RteToken(http, base, () => ({ clientId: "box-id", clientSecret: "box-secret" }));
  const controller = new Controller(boxSettings(), undefined, time.nowMs());
  const logs: { atMs: number; message: string }[] = [];
  const record = (fx: Effect[]) => {
    for (const e of fx) if (e.type === "log") logs.push({ atMs: time.nowMs(), message: e.message });
  };
  const poller = new SignalPoller({
    clock: time,
    timers: time,
    tempoSources: [new RteTempoSource(http, token, base), new TempoLightSource(http, base), new JourTempoSource(http, base)],
    ecowatt: new EcowattSource(http, token, base),
    onColours: (colours) => record(controller.dispatch({ type: "tariff-signal", colours }, time.nowMs())),
    onEcowatt: (hours) => record(controller.dispatch({ type: "ecowatt-signal", hours }, time.nowMs())),
  });
  rte.state.ecowatt = {
    signals: [
      { GenerationFichier: "2026-12-04T17:00:00+01:00", jour: "2026-12-05T00:00:00+01:00", dvalue: 3, message: "", values: [{ pas: 8, hvalue: 3 }, { pas: 9, hvalue: 3 }, { pas: 10, hvalue: 2 }] },
    ],
  };

  const alertSince: Record<string, number> = {};
  const salonReasonAt: Record<string, string> = {};
  const tempoCallsOn: Record<string, number> = {};
  let rteFailuresShown = false;
  poller.start();
  const endMs = localAt("2026-12-07", 5);
  for (let now = time.nowMs(); now < endMs; now = time.nowMs()) {
    const civil = localParts(now);
    const today = key(civil);
    const minutes = civil.hour * 60 + civil.minute;
    // RTE's publication: tomorrow from 10:30; a day it is down, its calendar answers 500.
    const published: Record<string, "BLUE" | "WHITE" | "RED"> = {};
    for (const date in TRUTH) if (date <= today || (date === key(addDays(civil, 1)) && minutes >= 10 * 60 + 30)) published[date] = RTE_VALUE[TRUTH[date]];
    rte.state.colours = published;
    rte.state.today = today;
    rte.state.behaviour.tempo = today === RTE_DOWN ? "500" : "ok";
    // The meter: today's colour (wrong on one day), tomorrow ---- until 20:00.
    const tempoDay = key(tempoDate(now));
    const tomorrowDay = key(addDays(tempoDate(now), 1));
    const meterColour = tempoDay === METER_WRONG ? "blue" : TRUTH[tempoDay];
    const meterTomorrow = civil.hour >= 20 || civil.hour < 6 ? TRUTH[tomorrowDay] ?? "unknown" : "unknown";
    record(controller.dispatch({ type: "tic-frame", reading: reading({ colour: meterColour, period: periodAt(now), tomorrow: meterTomorrow }) }, now));
    const snapshot = controller.snapshot();
    if (homekitValues(snapshot).tomorrowAlert && alertSince[tempoDay] === undefined) alertSince[tempoDay] = now;
    if (civil.minute === 30) salonReasonAt[`${tempoDay} ${civil.hour}`] = snapshot.loads.find((l) => l.id === "salon")?.reason ?? "?";
    const before = rte.state.calls.tempo;
    time.advance(60_000);
    await settle(http);
    tempoCallsOn[today] = (tempoCallsOn[today] ?? 0) + rte.state.calls.tempo - before;
    if (today === RTE_DOWN && poller.statuses().some((s) => s.id === "rte" && s.failures > 0 && s.lastError === "HTTP 500")) rteFailuresShown = true;
  }
  poller.stop();

  // One exchange at a time, whatever the sources (an HTTPS request is the heaviest thing the box does).
  expect(http.maxInFlight).toBe(1);
  // The eve of each red day (Tue for Wed, Wed for Thu): the sensor opens at the 10:40 poll, not at 20:00.
  expect(alertSince["2026-12-01"]).toBe(localAt("2026-12-01", 10, 40));
  // Thursday RTE is down: the keyless sources still give Friday's white by 10:40.
  expect(alertSince["2026-12-03"]).toBe(localAt("2026-12-03", 10, 40));
  // A blue tomorrow never opens it (Friday's eve of Saturday).
  expect(alertSince["2026-12-05"]).toBeUndefined();
  // RTE down: the failure is shown, and the back-off keeps it to a few calls that day (never more than 1 per 15 min).
  expect(rteFailuresShown).toBe(true);
  expect(tempoCallsOn[RTE_DOWN]).toBeLessThanOrEqual(24);
  expect(tempoCallsOn["2026-12-01"]).toBeLessThanOrEqual(6);
  // Friday the meter says blue, RTE white: the meter's colour is billed (today), the disagreement is logged.
  const friday = logs.filter((l) => l.atMs >= localAt(METER_WRONG, 6) && l.atMs < localAt(METER_WRONG, 23) && l.message.startsWith("tariff sources disagree on today"));
  expect(friday.length).toBeGreaterThan(0);
  expect(friday[0].message).toContain("blue from meter (PTEC)");
  expect(friday[0].message).toContain("rte says white");
  // Ecowatt red 08–10 on Saturday (a blue day): the salon (opted in) is shed then, and back after.
  expect(salonReasonAt["2026-12-05 7"]).toBe("normal");
  expect(salonReasonAt["2026-12-05 8"]).toBe("ecowatt");
  expect(salonReasonAt["2026-12-05 9"]).toBe("ecowatt");
  expect(salonReasonAt["2026-12-05 10"]).toBe("normal");
}, 120_000);
