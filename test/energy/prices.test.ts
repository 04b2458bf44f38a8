// Tempo prices as settings: DOMAIN §2 defaults, a bad price refused by name, a French comma accepted from the form.
import { DEFAULT_TEMPO_PRICES, PRICE_SETTING_KEYS, priceOf, pricesOf } from "../../src/energy/prices";
import { defaultSettings, validateSettings } from "../../src/settings/validate";
import { settingsFromForm } from "../../src/web/settings-form";

describe("Tempo prices", () => {
  it("default to DOMAIN §2 (August 2026): red HP ≈ 4.4 × blue HP", () => {
    const prices = pricesOf(defaultSettings());
    expect(prices).toEqual({
      energy: { blue: { hc: 0.1356, hp: 0.1654 }, white: { hc: 0.1536, hp: 0.1921 }, red: { hc: 0.1615, hp: 0.7295 } },
      subscriptionEurPerYear: 238.06,
    });
    expect(priceOf(prices, "red", "hp") / priceOf(prices, "blue", "hp")).toBeCloseTo(4.41, 2);
    expect(Object.isFrozen(DEFAULT_TEMPO_PRICES.energy.red)).toBe(true);
  });

  it("are settings the owner changes, validated field by field", () => {
    const ok = validateSettings({ ...defaultSettings(), priceRedHpEurPerKWh: 0.8, subscriptionEurPerYear: 300.5 });
    expect(ok.ok && pricesOf(ok.settings).energy.red.hp).toBe(0.8);
    expect(ok.ok && ok.settings.subscriptionEurPerYear).toBe(300.5);
  });

  it.each([
    ["priceRedHpEurPerKWh", -0.1, /between 0 and 5/],
    ["priceRedHpEurPerKWh", 72.95, /between 0 and 5/], // typed in c€
    ["priceBlueHcEurPerKWh", "0.13", /must be a number/],
    ["priceWhiteHpEurPerKWh", 0.19215, /at most 4 decimals/],
    ["subscriptionEurPerYear", 238.061, /at most 2 decimals/],
    ["priceBlueHpEurPerKWh", Number.NaN, /must be a number/],
  ])("refuse %s = %p naming the field", (key, value, message) => {
    const result = validateSettings({ ...defaultSettings(), [key]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0].field).toBe(key);
      expect(result.errors[0].message).toMatch(message);
    }
  });

  it("are typed on the settings page with a comma or a point", () => {
    const result = settingsFromForm({ [PRICE_SETTING_KEYS.red.hp]: "0,7562", [PRICE_SETTING_KEYS.blue.hc]: " 0.1296 " }, defaultSettings());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.settings.priceRedHpEurPerKWh).toBe(0.7562);
      expect(result.settings.priceBlueHcEurPerKWh).toBe(0.1296);
    }
    const bad = settingsFromForm({ [PRICE_SETTING_KEYS.red.hp]: "cher" }, defaultSettings());
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual([{ field: "priceRedHpEurPerKWh", message: 'must be a number, got "cher"' }]);
  });
});

describe("the savings checkbox on the settings page", () => {
  it("is ticked by default, unticked when a whole page posts without it, kept by a partial post", () => {
    expect(defaultSettings().savingsDrawnBackInHc).toBe(true);
    const whole = { heatDurationMin: "", savingsDrawnBackInHc: "on" };
    const on = settingsFromForm(whole, defaultSettings());
    expect(on.ok && on.settings.savingsDrawnBackInHc).toBe(true);
    const off = settingsFromForm({ heatDurationMin: "" }, defaultSettings());
    expect(off.ok && off.settings.savingsDrawnBackInHc).toBe(false);
    const partial = settingsFromForm({ priceRedHpEurPerKWh: "0.75" }, defaultSettings());
    expect(partial.ok && partial.settings.savingsDrawnBackInHc).toBe(true);
  });
});
