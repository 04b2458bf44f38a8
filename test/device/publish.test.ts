// The one publish path on a real Device and the real Controller (createCore), on virtual time: who receives which
// update, in what order, what a quiet tick publishes, and how a refused command is answered and shown.
import type { ControllerEvent } from "../../src/app/types";
import type { Device, Engine } from "../../src/device/device";
import type { Update } from "../../src/publish/publisher";
import { LED_PATTERNS } from "../../src/ui/led-patterns";
import { reading, type ReadingSpec } from "../app/readings";
import { virtualBox } from "./virtual-box";

const LOADS = Object.freeze([
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "ballon", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
]);

const BLUE_HP: ReadingSpec = { colour: "blue", period: "hp", powerVA: 1500 };
const RED_HP: ReadingSpec = { colour: "red", period: "hp", powerVA: 1500 };
const WHITE_HP: ReadingSpec = { colour: "white", period: "hp", powerVA: 1500 };

/** A real Device on virtual time; the engine is the real Controller, counted so a quiet tick is seen to happen. */
function makeBox(atIso = "2026-01-14T09:00:00+01:00") {
  const engineEvents: ControllerEvent["type"][] = [];
  const blue: boolean[] = [];
  const coils: Record<string, boolean[]> = { salon0: [], salon1: [], ballon: [] };
  const { device, time, store } = virtualBox({
    atIso,
    defaultLoads: LOADS,
    parts: (core) => ({
      loads: {
        salon: { kind: "fil-pilote-2", outputs: [{ write: (on) => void coils.salon0.push(on) }, { write: (on) => void coils.salon1.push(on) }] },
        ballon: { kind: "relay", outputs: [{ write: (on) => void coils.ballon.push(on) }] },
      },
      blueLed: { set: (on) => void blue.push(on) },
      createEngine: (persisted, nowMs) => {
        const real = core.createEngine(persisted, nowMs);
        const counted: Engine = {
          command: (event, n) => {
            engineEvents.push(event.type);
            return real.command(event, n);
          },
          snapshot: () => real.snapshot(),
          settings: () => real.settings(),
        };
        return counted;
      },
    }),
  });
  return {
    device,
    time,
    store,
    engineEvents,
    blue,
    coils,
    frame: (spec: ReadingSpec) => device.dispatch({ type: "tic-frame", reading: reading(spec) }),
  };
}

describe("the one publish path (Device.subscribe)", () => {
  test("every observer receives each update once, in order, with its facts, presentation and snapshot", () => {
    const box = makeBox();
    const a: Update[] = [];
    const b: Update[] = [];
    const order: string[] = [];
    box.device.subscribe((u) => {
      a.push(u);
      order.push(`a${a.length}`);
    });
    box.device.subscribe((u) => {
      b.push(u);
      order.push(`b${b.length}`);
    });
    box.device.start();
    expect(a).toHaveLength(1); // the boot tick: first load decisions, the tariff, the first presentation
    expect(a[0].presentation).toEqual(expect.arrayContaining([{ type: "led", pattern: "normal" }, expect.objectContaining({ type: "homekit", target: "AUTO" })]));

    const outcomes = [box.frame(BLUE_HP), box.device.command({ type: "mode-request", mode: "HEAT", source: "web" }), box.device.command({ type: "mode-request", mode: "AUTO", source: "web" })];
    for (const o of outcomes) expect(o.effects.length).toBeGreaterThan(0);
    expect(a).toHaveLength(4);
    // The same update objects reach both observers, one each, in the same order; a before b every time.
    expect(b).toEqual(a);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBe(a[i]);
    expect(order).toEqual(["a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"]);
    // Each update carries exactly the facts its transition produced.
    for (let i = 0; i < outcomes.length; i++) expect(a[i + 1].facts).toBe(outcomes[i].effects);
    // Times never go back, and the snapshot is the state after that transition.
    for (let i = 1; i < a.length; i++) expect(a[i].nowMs).toBeGreaterThanOrEqual(a[i - 1].nowMs);
    expect(a[1].facts).toContainEqual(expect.objectContaining({ type: "tariff", colour: "blue", period: "hp" }));
    expect(a[1].snapshot().tariff).toMatchObject({ colour: "blue", period: "hp" });
    expect(a[2].facts).toContainEqual({ type: "mode", mode: "HEAT", reason: "requested from web" });
    expect(a[2].facts).toContainEqual(expect.objectContaining({ type: "persist", key: "owner" }));
    expect(a[2].snapshot().mode).toBe("HEAT");
    expect(a[2].presentation).toContainEqual(expect.objectContaining({ type: "homekit", target: "HEAT" }));
    expect(a[3].snapshot().mode).toBe("AUTO");
    expect(a[3].presentation).toContainEqual(expect.objectContaining({ type: "homekit", target: "AUTO" }));
    // An update's snapshot stays the state of its own transition, whatever came after.
    expect(a[2].snapshot().mode).toBe("HEAT");
  });

  test("unsubscribing stops deliveries to that observer only", () => {
    const box = makeBox();
    const a: Update[] = [];
    const b: Update[] = [];
    const stopA = box.device.subscribe((u) => void a.push(u));
    box.device.subscribe((u) => void b.push(u));
    box.device.start();
    stopA();
    box.device.command({ type: "mode-request", mode: "HEAT", source: "web" });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
  });

  test("a command from inside an observer: its update comes after the current one reached every observer, never nested", () => {
    const box = makeBox();
    box.device.start();
    box.frame(BLUE_HP);
    const log: string[] = [];
    let depth = 0;
    let inner: ReturnType<Device["command"]> | undefined;
    let seenModeInFirst: string | undefined;
    box.device.subscribe((u) => {
      depth++;
      const what = u.facts.some((f) => f.type === "mode") ? "mode" : "frame";
      log.push(`first:${what}:depth${depth}`);
      if (what === "frame" && inner === undefined) {
        inner = box.device.command({ type: "mode-request", mode: "HEAT", source: "homekit" });
        log.push("first:command returned");
      }
      depth--;
    });
    box.device.subscribe((u) => {
      depth++;
      const what = u.facts.some((f) => f.type === "mode") ? "mode" : "frame";
      log.push(`second:${what}:depth${depth}`);
      if (what === "frame") seenModeInFirst = u.snapshot().mode;
      depth--;
    });
    // A colour change: a frame that has facts (tariff, loads shed on a white peak).
    const outer = box.frame(WHITE_HP);
    expect(outer.effects.length).toBeGreaterThan(0);
    expect(log).toEqual([
      "first:frame:depth1",
      "first:command returned",
      "second:frame:depth1",
      "first:mode:depth1",
      "second:mode:depth1",
    ]);
    // The command ran at once (its outcome was returned inside the callback) but was published after.
    expect(inner?.refused).toBeUndefined();
    expect(inner?.effects).toContainEqual({ type: "mode", mode: "HEAT", reason: "requested from homekit" });
    // The second observer saw the frame's own state, not the state the nested command made.
    expect(seenModeInFirst).toBe("AUTO");
    expect(box.device.snapshot()?.mode).toBe("HEAT");
  });

  test("a quiet tick (no facts) publishes nothing", () => {
    const box = makeBox();
    const updates: Update[] = [];
    box.device.subscribe((u) => void updates.push(u));
    box.device.start();
    box.frame(BLUE_HP);
    // Let the debounced colour write (5 s) go out; the meter is declared lost only after 10 s without a frame.
    box.time.advance(6000);
    const published = updates.length;
    const ticks = box.engineEvents.filter((e) => e === "tick").length;
    box.time.advance(1000);
    expect(box.engineEvents.filter((e) => e === "tick").length).toBe(ticks + 1); // the tick did reach the Controller
    expect(updates.length).toBe(published);
    // Fed frames that say the same thing are quiet too.
    for (let i = 0; i < 5; i++) {
      box.frame(BLUE_HP);
      box.time.advance(1000);
    }
    expect(updates.length).toBe(published);
  });

  // A quiet tick inside a refusal's blink window is looked at (PresentationTracker.pending) so the blink's end is
  // seen; it must still publish nothing unless that presentation actually changed.
  test("a quiet tick while a refusal blinks publishes nothing either: no update without a fact or a presentation change", () => {
    const box = makeBox();
    const updates: Update[] = [];
    box.device.subscribe((u) => void updates.push(u));
    box.device.start();
    box.frame(RED_HP);
    box.time.advance(6000);
    box.frame(RED_HP);
    box.device.command({ type: "mode-request", mode: "HEAT", source: "button" });
    const transient = LED_PATTERNS.refused.transientMs ?? 0;
    box.time.advance(transient + 1000);
    const empty = updates.filter((u) => u.facts.length === 0 && u.presentation.length === 0);
    expect(empty.map((u) => u.nowMs - updates[0].nowMs)).toEqual([]);
  });
});

describe("Device.command outcomes with the real Controller", () => {
  test("HEAT on a red peak is refused (red_peak); the box stays AUTO and says so", () => {
    const box = makeBox();
    const updates: Update[] = [];
    box.device.subscribe((u) => void updates.push(u));
    box.device.start();
    box.frame(RED_HP);
    const outcome = box.device.command({ type: "mode-request", mode: "HEAT", source: "homekit" });
    expect(outcome.refused).toBe("red_peak");
    expect(outcome.effects).toContainEqual({ type: "refused", request: "HEAT", reason: "red_peak" });
    expect(outcome.effects.some((f) => f.type === "mode")).toBe(false);
    expect(box.device.snapshot()?.mode).toBe("AUTO");
    const last = updates[updates.length - 1];
    expect(last.facts).toBe(outcome.effects);
    // A refusal always re-sends HomeKit's values, so the Home app's tile flips back to AUTO.
    expect(last.presentation).toContainEqual({ type: "homekit", current: "OFF", target: "AUTO", tomorrowAlert: false });
    expect(last.presentation).toContainEqual({ type: "led", pattern: "refused" });
    expect(box.device.requestMode("HEAT", "button")).toBe("AUTO");
  });

  test("HEAT on a blue peak is granted: no refusal, the mode fact, the loads on and the owner persisted", () => {
    const box = makeBox();
    box.device.start();
    box.frame(BLUE_HP);
    const outcome = box.device.command({ type: "mode-request", mode: "HEAT", source: "homekit" });
    expect(outcome).not.toHaveProperty("refused");
    expect(outcome.effects).toContainEqual({ type: "mode", mode: "HEAT", reason: "requested from homekit" });
    expect(outcome.effects.some((f) => f.type === "refused")).toBe(false);
    expect(box.device.snapshot()?.mode).toBe("HEAT");
    expect(box.store.keys()).toContain("app.owner");
  });

  test(`the LED shows "refused" for LED_PATTERNS.refused.transientMs, then goes back`, () => {
    const box = makeBox();
    const leds: { atMs: number; pattern: string }[] = [];
    box.device.subscribe((u) => {
      for (const p of u.presentation) if (p.type === "led") leds.push({ atMs: u.nowMs, pattern: p.pattern });
    });
    box.device.start();
    box.device.setConnectivity("paired");
    box.frame(RED_HP);
    box.time.advance(3000);
    box.frame(RED_HP);
    expect(box.device.ledPattern()).toBe("normal");
    const transient = LED_PATTERNS.refused.transientMs ?? 0;
    expect(transient).toBeGreaterThan(0);

    const refusedAtMs = box.time.nowMs();
    expect(box.device.command({ type: "mode-request", mode: "HEAT", source: "button" }).refused).toBe("red_peak");
    expect(box.device.ledPattern()).toBe("refused");
    const blueFrom = box.blue.length;
    box.time.advance(transient - 1);
    expect(box.device.ledPattern()).toBe("refused");
    // The blue LED really blinked (four quick flashes), not a steady light.
    const during = box.blue.slice(blueFrom);
    expect(during).toContain(true);
    expect(during).toContain(false);
    box.time.advance(1);
    expect(box.device.ledPattern()).toBe("normal");
    box.frame(RED_HP);
    box.time.advance(1000);
    const after = box.blue.slice(-10);
    expect(after.every((on) => on)).toBe(true); // steady: paired and healthy

    // The publish path told observers both edges, on time.
    expect(leds.filter((l) => l.atMs >= refusedAtMs)).toEqual([
      { atMs: refusedAtMs, pattern: "refused" },
      { atMs: refusedAtMs + transient, pattern: "normal" },
    ]);
  });
});
