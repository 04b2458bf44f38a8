// XS lane: the Switch per load — instance id blocks, which loads get one, the write rules of the adapter on a model
// Controller, the database with Switches (thermostat ids unchanged, refusal with the value in force), and the heap
// a Switch costs. Runs on the xsnap-heap runner (test/xs/run.mjs HEAP_SUITES) for heapStats().
import { thermostatDatabase } from "../../homekit/accessory";
import { HAP_STATUS } from "../../homekit/catalog";
import { allocateIidBlocks, FIRST_RUNTIME_IID, IID_BLOCK } from "../../homekit/iid-blocks";
import type { ControllerCommand, LoadSnapshot } from "../../src/app/types";
import { autoWantsOn, blockedOn, forcingEndMs, hasSwitch, LoadSwitchAdapter, type SwitchDevice } from "../../src/device/switch-binding";
import { peakEndAfterMs } from "../../src/tariff/tempo-calendar";
import { FakeBinding, TEST_INFO } from "../homekit/support/fake-binding";
import { assert, assertEqual, run, test } from "./harness";

declare const print: (text: string) => void;
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; slots: number };

/** The thermostat-only tree's digest before Switches existed: a box with no Switch keeps its c# on upgrade. */
const THERMOSTAT_ONLY_DIGEST = "5673bb1f";

/** A model Controller: automatic runs `autoOn` loads; the owner's off always wins; overload beats the owner's on. */
class ModelDevice {
  loads: { id: string; name: string; kind: string; autoOn: boolean; shed: boolean; override: "auto" | "on" | "off"; untilMs?: number }[] = [];
  commands: ControllerCommand[] = [];
  settingsValue = { heatDurationMs: 3_600_000 as number | null };
  snapshot() {
    return {
      loads: this.loads.map((l) => {
        const on = l.override === "off" ? false : l.shed ? false : l.override === "on" ? true : l.autoOn;
        return { id: l.id, name: l.name, kind: l.kind, on, level: on ? "normal" : "off", override: l.override, overrideUntilMs: l.untilMs } as unknown as LoadSnapshot;
      }),
    };
  }
  command(command: ControllerCommand) {
    this.commands.push(command);
    if (command.type === "load-override") {
      const l = this.loads.find((x) => x.id === command.loadId);
      if (!l) return { effects: [], refused: "unknown load" };
      l.override = command.override;
      l.untilMs = command.override === "auto" ? undefined : command.untilMs;
    }
    return { effects: [] };
  }
  subscribe() {
    return () => undefined;
  }
  settings() {
    return this.settingsValue;
  }
}

const NOW = Date.UTC(2026, 0, 15, 10, 0);
const clock = { nowMs: () => NOW };

test("iid blocks: stable, fresh for newcomers, never reused, a damaged record repaired", () => {
  const first = allocateIidBlocks(undefined, ["pompe", "lave"]);
  assertEqual(first.record, { next: FIRST_RUNTIME_IID + 2 * IID_BLOCK, blocks: { pompe: 100, lave: 110 } });
  assert(first.changed, "a new record is written");
  const same = allocateIidBlocks(JSON.parse(JSON.stringify(first.record)), ["lave", "pompe"]);
  assertEqual(same.changed, false);
  assertEqual(same.record.blocks, { lave: 110, pompe: 100 });
  const swapped = allocateIidBlocks(first.record, ["pompe", "ve"]);
  assertEqual(swapped.record, { next: 130, blocks: { pompe: 100, ve: 120 } });
  const back = allocateIidBlocks(swapped.record, ["pompe", "ve", "lave"]);
  assertEqual(back.record.blocks.lave, 130);
  // A corrupt record: bad starts and a duplicate go, the next block is past every kept one.
  const repaired = allocateIidBlocks({ next: 5, blocks: { a: 100, b: 100, c: "x", d: 157, e: 140 } }, ["a", "b", "e"]);
  assertEqual(repaired.record, { next: 160, blocks: { a: 100, b: 150, e: 140 } });
  assert(repaired.changed, "repaired records are written");
  assertEqual(allocateIidBlocks("garbage", ["a"]).record, { next: 110, blocks: { a: 100 } });
});

test("which loads get a Switch, and the pure rules", () => {
  assertEqual(["relay", "fil-pilote-1", "fil-pilote-2", "sg-ready", "water-heater", "modulating"].filter(hasSwitch), ["relay", "sg-ready", "water-heater", "modulating"]);
  assertEqual(autoWantsOn({ level: "off" }), false);
  assertEqual(autoWantsOn({ level: "eco" }), true);
  assertEqual(autoWantsOn({ level: "normal", held: { by: "min_on", wantsOn: false, wantsReason: "budget", untilMs: 0 } }), false);
  assertEqual(forcingEndMs(7_200_000, NOW), NOW + 7_200_000);
  assertEqual(forcingEndMs(null, NOW), peakEndAfterMs(NOW));
  assertEqual(blockedOn({ on: false }), true);
  assertEqual(blockedOn({ on: false, held: { by: "min_off", wantsOn: true, wantsReason: "forced_on", untilMs: NOW + 1 } }), false);
  assertEqual(blockedOn({ on: true }), false);
});

test("adapter: force against automatic, clear when automatic agrees, refuse and undo when overload holds it off", () => {
  const device = new ModelDevice();
  device.loads = [
    { id: "pompe", name: "Pompe", kind: "relay", autoOn: true, shed: false, override: "auto" },
    { id: "salon", name: "Salon", kind: "fil-pilote-1", autoOn: true, shed: false, override: "auto" },
    { id: "lave", name: "Lave-linge", kind: "relay", autoOn: false, shed: true, override: "off", untilMs: NOW + 5 },
  ];
  const adapter = new LoadSwitchAdapter(device as unknown as SwitchDevice, clock);
  assertEqual(adapter.switchIds(), ["pompe", "lave"]);
  assertEqual(adapter.write("pompe", true), true);
  assertEqual(device.commands.length, 0, "already running: nothing to ask");
  assertEqual(adapter.write("pompe", false), false);
  assertEqual(device.loads[0].override, "off");
  assertEqual(device.loads[0].untilMs, NOW + 3_600_000);
  assertEqual(adapter.write("pompe", true), true);
  assertEqual([device.loads[0].override, device.loads[0].untilMs], ["auto", undefined]);
  // Forced off, shed for overload: "on" is refused and the owner's earlier "off" (and its end) come back.
  device.commands.length = 0;
  assertEqual(adapter.write("lave", true), { status: HAP_STATUS.NotAllowedInCurrentState, value: false });
  assertEqual([device.loads[2].override, device.loads[2].untilMs], ["off", NOW + 5]);
  assertEqual(device.commands.map((c) => (c.type === "load-override" ? c.override : c.type)), ["auto", "on", "off"]);
  assertEqual(adapter.write("gone", true), { status: HAP_STATUS.ResourceDoesNotExist });
});

test("database with Switches: thermostat ids unchanged, a refusal carries the value in force, duplicate ids refused", () => {
  const binding = new FakeBinding();
  assertEqual(thermostatDatabase(TEST_INFO, binding).shapeDigest(), THERMOSTAT_ONLY_DIGEST);
  let on = true;
  const sw = { iid: 100, name: "Pompe", read: () => on, write: (v: unknown) => (v === true ? { status: HAP_STATUS.NotAllowedInCurrentState, value: on } : (on = false)) };
  const db = thermostatDatabase(TEST_INFO, binding, [sw]);
  const services = (db.toJson().accessories[0] as { services: { type: string; iid: number; characteristics: { iid: number }[] }[] }).services;
  assertEqual(services.map((s) => [s.type, s.iid, s.characteristics.map((c) => c.iid)]), [
    ["3E", 1, [2, 3, 4, 5, 6, 7]],
    ["A2", 8, [9]],
    ["4A", 10, [11, 12, 13, 14, 15, 16]],
    ["80", 17, [18, 19]],
    ["49", 100, [101, 102, 103]],
  ]);
  assert(db.shapeDigest() !== THERMOSTAT_ONLY_DIGEST, "a Switch changes the shape");
  assertEqual(db.write(1, 101, 0, { sessionId: 1 }), { status: 0, value: false });
  on = false;
  assertEqual(db.write(1, 101, true, { sessionId: 1 }), { status: HAP_STATUS.NotAllowedInCurrentState, value: false });
  assertEqual(db.write(1, 103, "x", { sessionId: 1 }).status, HAP_STATUS.ReadOnly);
  assertEqual(db.read(1, 103).value, "Pompe");
  let threw = "";
  try {
    thermostatDatabase(TEST_INFO, binding, [sw, { ...sw, iid: 102 }]);
  } catch (error) {
    threw = String(error);
  }
  assert(threw.indexOf("used twice") >= 0, `two services on one id are refused (${threw})`);
});

test("heap: what one Switch adds to the live database (10 loads, the most the box takes)", () => {
  const device = new ModelDevice();
  for (let i = 0; i < 10; i++) device.loads.push({ id: `load${i}`, name: `Load ${i}`, kind: "relay", autoOn: true, shed: false, override: "auto" });
  const adapter = new LoadSwitchAdapter(device as unknown as SwitchDevice, clock);
  const iids = new Map(adapter.switchIds().map((id, i) => [id, 100 + 10 * i] as [string, number]));
  const binding = new FakeBinding();
  gc();
  const base = heapStats(false);
  const none = thermostatDatabase(TEST_INFO, binding);
  gc();
  const mid = heapStats(false);
  const ten = thermostatDatabase(TEST_INFO, binding, adapter.switches(iids));
  gc();
  const end = heapStats(false);
  const perSwitch = { slots: Math.round((end.slots - mid.slots - (mid.slots - base.slots)) / 10), chunks: Math.round((end.chunks - mid.chunks - (mid.chunks - base.chunks)) / 10) };
  print(`  thermostat-only database: ${mid.slots - base.slots} slots, ${mid.chunks - base.chunks} B chunks; per Switch: ${perSwitch.slots} slots, ${perSwitch.chunks} B chunks`);
  assert(none.has(1, 19) && ten.has(1, 193), "both trees live until measured");
  // Measured 53 slots + 483 B of chunks (≈1.3 KB on the ESP32's 16 B slots; 126 slots + 843 B with a closure per
  // characteristic). Ten Switches are ≈13 KB beside MAX_LOADS' 6.3 KB a load: the bound keeps that from creeping.
  assert(perSwitch.slots <= 60, `a Switch costs ${perSwitch.slots} slots`);
  assert(perSwitch.chunks <= 560, `a Switch costs ${perSwitch.chunks} B of chunks`);
});

await run("homekit-switches");
