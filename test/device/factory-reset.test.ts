import { FACTORY_RESET_COUNT_KEY, factoryReset } from "../../src/device/factory-reset";
import { MemoryStore } from "../../src/device/memory-store";
import { FACTORY_RESET_CASE } from "../ui/cases";
import { runFactoryResetCase } from "../ui/check";

describe("factory reset", () => {
  test("erases Wi-Fi, setup code, pairings, settings and unknown keys; keeps factory data", () => {
    const { keys, missing, leaked } = runFactoryResetCase();
    expect(missing).toEqual([]);
    expect(leaked).toEqual([]);
    expect(keys).toEqual(FACTORY_RESET_CASE.mustKeep);
  });

  test("counts resets across resets, and reports what it erased", () => {
    const store = new MemoryStore();
    store.set("wifi.ssid", new Uint8Array([65]));
    const first = factoryReset(store);
    expect(first.erased).toEqual(["wifi.ssid"]);
    store.set("hk.pair.0", new Uint8Array([1]));
    const second = factoryReset(store);
    expect(second).toEqual({ erased: ["hk.pair.0"], kept: [FACTORY_RESET_COUNT_KEY] });
    expect(Array.from(store.get(FACTORY_RESET_COUNT_KEY) ?? [])).toEqual([0, 0, 0, 2]);
  });
});
