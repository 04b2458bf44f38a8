// The bound on loads (MAX_LOADS, from the ESP32 heap): refused by validation with the field and why, by the API as it
// used to accept 259, and a record stored before the bound keeps its first loads instead of falling back to defaults.
import { MAX_LOADS } from "../../src/settings/table";
import { renderSettingsPage } from "../../src/web/settings-page";
import { validateSettings } from "../../src/settings/validate";
import { createCore } from "../../src/device/core";
import { writeJson } from "../../src/device/json-store";
import { MemoryStore } from "../../src/device/memory-store";
import { webFixture } from "../web/web-fixture";

const loads = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `radiateur-${i}`, name: `Radiateur ${i}`, nominalPowerW: 1000 }));

test(`validation accepts ${MAX_LOADS} loads and refuses one more, on the field "loads", saying why`, () => {
  expect(validateSettings({ loads: loads(MAX_LOADS) }).ok).toBe(true);
  const r = validateSettings({ loads: loads(MAX_LOADS + 1) });
  expect(r.ok ? [] : r.errors).toEqual([{ field: "loads", message: `at most ${MAX_LOADS} loads (the box's memory), got ${MAX_LOADS + 1}` }]);
});

test("PUT /api/settings with the 259 loads it used to accept: 400 on the field, nothing changed", async () => {
  const f = webFixture();
  await f.login();
  const before = JSON.stringify(f.box.settings());
  const body = JSON.stringify({ loads: Array.from({ length: 259 }, (_, i) => ({ id: `l${i}`, nominalPowerW: 1 })) });
  const r = f.api("PUT", "/api/settings", JSON.parse(body));
  expect([r.status, JSON.parse(r.body)]).toEqual([400, { errors: [{ field: "loads", message: `at most ${MAX_LOADS} loads (the box's memory), got 259` }] }]);
  expect(JSON.stringify(f.box.settings())).toBe(before);
});

test("settings stored before the bound with more loads boot with the first ones and a warning, not the defaults", () => {
  const store = new MemoryStore();
  writeJson(store, "app.settings", { loads: loads(MAX_LOADS + 3), availableMarginW: 800 });
  const logs: string[] = [];
  const core = createCore({ store, logger: { log: (level, message, fields) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) }, ticMode: "historic", defaultLoads: [] });
  expect(core.settings.loads.map((l) => l.id)).toEqual(loads(MAX_LOADS).map((l) => l.id));
  expect(core.settings.availableMarginW).toBe(800);
  expect(logs).toEqual([expect.stringContaining(`radiateur-${MAX_LOADS}, radiateur-${MAX_LOADS + 1}, radiateur-${MAX_LOADS + 2}`)]);
});

test(`the settings page offers a blank load below ${MAX_LOADS} loads, and at ${MAX_LOADS} says why there is none`, () => {
  const page = (n: number, lang: "fr" | "en") => {
    const r = validateSettings({ loads: loads(n) });
    if (!r.ok) throw new Error("settings");
    return renderSettingsPage({ lang, settings: r.settings, csrfToken: "t" } as Parameters<typeof renderSettingsPage>[0]).join("");
  };
  expect(page(MAX_LOADS - 1, "fr")).toContain('data-load-new="true"');
  expect(page(MAX_LOADS - 1, "fr")).not.toContain('id="loads-full"');
  const full = page(MAX_LOADS, "fr");
  expect(full).not.toContain('data-load-new="true"');
  expect(full).toContain(`au plus ${MAX_LOADS} appareils`);
  expect(page(MAX_LOADS, "en")).toContain(`at most ${MAX_LOADS} loads: remove one to add another`);
});
