// Energy-manager checks shared by jest and the XS lane: the new kinds' drivers and settings, the red-day heat pump
// and the blue-night legionella run on the real Controller, the SSE writer on fake sockets. Node-free.

import type { TcpSocket } from "../../hal/types";
import { utf8Decode } from "../../lib/bytes";
import { SOCKET_LIMITS } from "../../lib/socket-policy";
import { VirtualTime } from "../../host-sim/virtual-time";
import { SimulatedTank } from "../../host-sim/tank";
import type { ControllerSnapshot, Effect } from "../../src/app/types";
import { LOAD_KINDS } from "../../src/loads/kinds";
import type { LoadConfig } from "../../src/loads/types";
import { energyToHeatWh, heatTimeMs, placedStartMs } from "../../src/manager/tank";
import { cheapNight, legionellaNight } from "../../src/manager/plan";
import type { Update } from "../../src/publish/publisher";
import { validateSettings } from "../../src/settings/validate";
import { localParts } from "../../src/tariff/local-time";
import { EVENTS, EventStream } from "../../src/web/events";
import { at, loadFacts, simulate } from "./sim";

export interface ManagerCheck {
  name: string;
  /** Failures; empty when the check passes. */
  run(): string[];
}

function expectEq(failures: string[], what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) failures.push(`${what}: expected ${e}, got ${a}`);
}

/** A socket that keeps what is written and says it holds `held` bytes unread (a reader that stopped). */
export class FakeSocket implements TcpSocket {
  readonly remoteAddress = "192.168.1.30";
  readonly remotePort = 50000;
  written = "";
  closed = false;
  held = 0;
  private closeHandlers: (() => void)[] = [];
  get queuedBytes(): number {
    return this.held;
  }
  write(bytes: Uint8Array): void {
    this.written += utf8Decode(bytes);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of this.closeHandlers) h();
  }
  onData(): void {}
  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }
  resume(): void {}
}

const SNAPSHOT = (loads: Partial<ControllerSnapshot["loads"][number]>[] = []): ControllerSnapshot =>
  ({
    mode: "AUTO",
    heatUntilMs: null,
    thermostat: { targetTemperatureC: 19, displayUnits: 0 },
    tariff: { colour: "blue", period: "hc", tomorrow: "unknown", source: "test", suspicious: [] },
    meter: { status: "ok", lastFrameMs: 0, powerVA: 1000, limitVA: 9000 },
    overload: { active: false, unresolved: false, shedIds: [], waitingIds: [] },
    loads: loads as ControllerSnapshot["loads"],
    manager: { availablePowerW: 8500, availableSource: "meter", tanks: [], forcedPowerW: {} },
  }) as unknown as ControllerSnapshot;

const update = (facts: Effect[], snapshot: ControllerSnapshot): Update => ({ nowMs: 0, facts, presentation: [], snapshot: () => snapshot });
const PAC = { id: "pac", name: "PAC", kind: "sg-ready", priority: 1, nominalPowerW: 2000, on: false, level: "off", order: "sg-lock", allocatedW: 0, reason: "red_peak", detail: "red HP", override: "auto" } as const;
const eventNames = (text: string) => text.split("\n").filter((l) => l.startsWith("event: ")).map((l) => l.slice(7));

export const MANAGER_CHECKS: readonly ManagerCheck[] = [
  {
    name: "kinds: SG-Ready forced on is state 4, recommended 3; the new settings take their defaults",
    run() {
      const f: string[] = [];
      const checked = validateSettings({ loads: [{ id: "pac", kind: "sg-ready", nominalPowerW: 2000 }, { id: "ballon", kind: "water-heater", nominalPowerW: 2400 }] });
      if (!checked.ok) return [`settings: ${JSON.stringify(checked.errors)}`];
      const [pac, ballon] = checked.settings.loads as LoadConfig[];
      expectEq(f, "forced", LOAD_KINDS["sg-ready"].drive(pac, "normal", 0, "forced_on"), { order: "sg-forced", contacts: [true, true] });
      expectEq(f, "recommended", LOAD_KINDS["sg-ready"].drive(pac, "boost", 0, "sg_recommended"), { order: "sg-recommended", contacts: [false, true] });
      expectEq(f, "least time", LOAD_KINDS["sg-ready"].minStateChangeMs?.(pac), 600_000);
      expectEq(f, "water heater", [ballon.kind === "water-heater" && ballon.heatIn, ballon.kind === "water-heater" && ballon.legionella, ballon.kind === "water-heater" && ballon.tankVolumeL], ["hc", true, 200]);
      const bad = validateSettings({ loads: [{ id: "b", kind: "water-heater", nominalPowerW: 2400, targetTemperatureC: 80, heatHours: 9 }] });
      expectEq(f, "refusals", bad.ok ? [] : bad.errors.map((e) => e.field), ["loads[0].targetTemperatureC", "loads[0].heatHours"]);
      return f;
    },
  },
  {
    name: "tank arithmetic: 200 L from 40 to 55 °C is 3.5 kWh, 87 min at 2.4 kW; the start is placed before 06:00",
    run() {
      const f: string[] = [];
      expectEq(f, "energy", Math.round(energyToHeatWh(200, 40, 55)), 3489);
      expectEq(f, "time", Math.round(heatTimeMs(3489, 2400) / 60_000), 87);
      const six = at("2026-01-15T06:00:00+01:00");
      expectEq(f, "placed", placedStartMs(87 * 60_000, six, six - 8 * 3_600_000).startMs, six - 117 * 60_000);
      expectEq(f, "too long", placedStartMs(9 * 3_600_000, six, six - 8 * 3_600_000), { startMs: six - 8 * 3_600_000, reachable: false });
      return f;
    },
  },
  {
    name: "cheap nights and legionella nights by contract: Tempo blue HC; HC/HP any HC; base none (legionella: any night)",
    run() {
      const f: string[] = [];
      const at = (contract: string, today: string, period: string) => ({ contract, today, period }) as Parameters<typeof cheapNight>[0];
      expectEq(f, "cheap", [at("tempo", "blue", "hc"), at("tempo", "white", "hc"), at("tempo", "blue", "hp"), at("hc-hp", "unknown", "hc"), at("base", "unknown", "hc")].map(cheapNight), [true, false, false, true, false]);
      expectEq(f, "legionella", [at("tempo", "blue", "hc"), at("tempo", "red", "hc"), at("base", "unknown", "hc"), at("base", "unknown", "hp")].map(legionellaNight), [true, false, true, false]);
      return f;
    },
  },
  {
    name: "a red day: the heat pump locked 06:00–22:00, normal in the red night, recommended in the next blue night",
    run() {
      const f: string[] = [];
      const run = simulate({
        start: "2026-01-15T05:00:00+01:00",
        end: "2026-01-16T23:00:00+01:00",
        stepMs: 300_000,
        loads: [{ id: "pac", name: "PAC", kind: "sg-ready", priority: 1, nominalPowerW: 2000, shedBy: ["red_peak", "overload"] }],
        colourOf: (day) => (localParts(day).day === 15 ? "red" : "blue"),
      });
      expectEq(f, "facts", loadFacts(run, "pac").map((x) => [x.at.slice(0, 16), x.order]), [
        ["2026-01-15T05:00", "sg-recommended"],
        ["2026-01-15T06:00", "sg-lock"],
        ["2026-01-15T22:00", "sg-normal"],
        ["2026-01-16T22:00", "sg-recommended"],
      ]);
      return f;
    },
  },
  {
    name: "legionella: due, the run waits for the blue night and reaches 60 °C in it",
    run() {
      const f: string[] = [];
      const tank = new SimulatedTank({ volumeL: 200, temperatureC: 50, thermostatC: 65 });
      const run = simulate({
        start: "2026-01-17T07:00:00+01:00", // Saturday, white; Sunday is blue
        end: "2026-01-19T07:00:00+01:00",
        stepMs: 300_000,
        loads: [{ id: "ballon", name: "Ballon", kind: "water-heater", priority: 2, nominalPowerW: 2400, probe: true, targetTemperatureC: 55 }],
        colourOf: (day) => (localParts(day).weekday === 0 ? "blue" : "white"),
        tank,
        tankOf: "ballon",
      });
      const runs = loadFacts(run, "ballon").filter((x) => x.reason === "legionella").map((x) => x.at.slice(0, 13));
      expectEq(f, "legionella starts", runs.slice(0, 1), ["2026-01-18T22"]);
      const done = run.controller.snapshot().manager.tanks[0].legionellaDoneMs;
      if (done === null || done < at("2026-01-18T22:00:00+01:00")) f.push(`legionella not done in the blue night: ${done}`);
      return f;
    },
  },
  {
    name: "SSE writer: ids in order, Last-Event-ID replays the ring, an id older than the ring gets Reset",
    run() {
      const f: string[] = [];
      const time = new VirtualTime(0);
      const stream = new EventStream(time);
      const s = SNAPSHOT([PAC]);
      stream.observe(update([{ type: "load", id: "pac", on: false, level: "off", order: "sg-lock", allocatedW: 0, reason: "red_peak", detail: "red HP" }], s));
      stream.observe(update([{ type: "mode", mode: "HEAT", reason: "test" }], s));
      const a = new FakeSocket();
      stream.attach(a, "1");
      expectEq(f, "replay after 1", eventNames(a.written), ["HeatPumpStateChanged", "ModeChanged"]);
      expectEq(f, "head", a.written.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"), true);
      const b = new FakeSocket();
      stream.attach(b, undefined);
      for (let i = 0; i < EVENTS.ringSize + 5; i++) stream.observe(update([{ type: "mode", mode: i % 2 ? "HEAT" : "AUTO", reason: "test" }], s));
      expectEq(f, "live", eventNames(b.written).length, EVENTS.ringSize + 5);
      const c = new FakeSocket();
      stream.attach(c, "2");
      expectEq(f, "stale id", eventNames(c.written), ["Reset"]);
      const ids = b.written.split("\n").filter((l) => l.startsWith("id: ")).map((l) => Number(l.slice(4)));
      for (let i = 1; i < ids.length; i++) if (ids[i] !== ids[i - 1] + 1) f.push(`ids jump at ${i}: ${ids[i - 1]} → ${ids[i]}`);
      return f;
    },
  },
  {
    name: "SSE writer: a reader holding more than the close mark is dropped; at most 4 streams; closes clear their keep-alives",
    run() {
      const f: string[] = [];
      const time = new VirtualTime(0);
      const stream = new EventStream(time);
      const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket(), new FakeSocket(), new FakeSocket()];
      const attached = sockets.map((x) => stream.attach(x, undefined));
      expectEq(f, "attached", attached, [true, true, true, true, false]);
      sockets[0].held = SOCKET_LIMITS.events.outputCloseBytes + 1;
      stream.observe(update([{ type: "mode", mode: "HEAT", reason: "test" }], SNAPSHOT()));
      expectEq(f, "slow dropped", [sockets[0].closed, stream.stats.dropped, stream.clientCount], [true, 1, 3]);
      time.advance(EVENTS.keepAliveMs);
      expectEq(f, "keep-alive", sockets[1].written.endsWith(": keep-alive\n\n"), true);
      for (const x of sockets) x.close();
      expectEq(f, "none left", stream.clientCount, 0);
      const before = sockets[1].written.length;
      time.advance(10 * EVENTS.keepAliveMs);
      expectEq(f, "no keep-alive after close", sockets[1].written.length, before);
      return f;
    },
  },
];
