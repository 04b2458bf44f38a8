// --gx-sim's settings (host-sim/gx-sim-run.ts): the Controller runs with the simulated GX's fields, a save from the
// settings page keeps them for the run, and what is persisted carries the owner's own values for them (the state dir
// never holds the run's), while the Victron service sees the run's fields again after the save.
import { gxSimCore, gxSimSettings } from "../../host-sim/gx-sim-run";
import { createCore } from "../../src/device/core";
import { writeJson } from "../../src/device/json-store";
import type { Effect } from "../../src/app/types";
import type { Observer } from "../../src/publish/publisher";
import type { Settings } from "../../src/settings/types";
import { validateSettings } from "../../src/settings/validate";
import { MemoryStore } from "../homekit/support/memory-store";

const URL = "mqtt://127.0.0.1:1883";
const LOADS = [
  { id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 },
  { id: "ballon", name: "Ballon", kind: "water-heater", priority: 3, nominalPowerW: 2000 },
];

function ownerCore(extra: Record<string, unknown> = {}): ReturnType<typeof createCore> {
  const checked = validateSettings({ loads: LOADS, ...extra });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const store = new MemoryStore();
  writeJson(store, "app.settings", checked.settings);
  return createCore({ store, logger: { log: () => undefined }, ticMode: "historic" });
}

test("the run's fields: the GX on --mqtt's broker, portal id found, ESS steered, surplus from the GX on a load that suits it", () => {
  const s = gxSimSettings(ownerCore().settings, URL);
  expect(s).toMatchObject({ victronUrl: URL, victronPortalId: "", essEnabled: true, surplusSource: "gx", surplusLoads: "ballon" });
  // The owner's surplus loads stay when set; off-grid keeps its own source.
  expect(gxSimSettings(ownerCore({ surplusLoads: "salon:on=60" }).settings, URL).surplusLoads).toBe("salon:on=60");
  expect(gxSimSettings(ownerCore({ offGrid: true }).settings, URL).surplusSource).toBe("off");
});

test("a save from the page keeps the run's GX fields in the Controller and persists the owner's own", () => {
  const stored = ownerCore({ essEnabled: false, victronUrl: "" });
  const run = gxSimCore(stored, URL);
  const engine = run.core.createEngine({} as never, Date.now());
  // The page shows and posts the owner's settings, with one other field changed.
  const outcome = engine.command({ type: "settings", patch: { ...run.owner, availableMarginW: 321 } }, Date.now());
  expect(outcome.refused).toBeUndefined();
  const persisted = outcome.effects.find((e): e is Extract<Effect, { type: "persist" }> => e.type === "persist" && e.key === "settings");
  expect(persisted?.value).toMatchObject({ availableMarginW: 321, victronUrl: "", essEnabled: false, surplusSource: "off", surplusLoads: "" });
  expect(engine.settings()).toMatchObject({ victronUrl: URL, essEnabled: true, surplusSource: "gx", surplusLoads: "ballon", availableMarginW: 321 });

  // The Victron service, through its device, sees the save with the run's fields.
  const observers: Observer[] = [];
  const device = { dispatch: () => undefined, snapshot: () => undefined, subscribe: (o: Observer) => (observers.push(o), () => undefined) };
  const seen: unknown[] = [];
  run.deviceForVictron(device).subscribe((u) => void seen.push(...u.facts));
  for (const o of observers) o({ nowMs: 0, facts: [persisted as Effect], presentation: [], snapshot: () => engine.snapshot() });
  expect(seen[0]).toMatchObject({ type: "persist", key: "settings", value: { victronUrl: URL, essEnabled: true, surplusSource: "gx", availableMarginW: 321 } });
});
