// The stored ESS texts → a policy table: the defaults round-trip, bad texts are named, never written.
import { DEFAULT_ESS_POLICY } from "../../src/victron/ess-policy";
import { DEFAULT_ESS_POLICY_TEXT, DEFAULT_ESS_WINDOW_TEXT, essTableOf } from "../../src/victron/config";
import { validateSettings } from "../../src/settings/validate";

test("the default texts are the default table", () => {
  expect(DEFAULT_ESS_POLICY_TEXT).toBe("blue=80/30/on/discharge white=90/30/on/hold red=100/25/off/hold unknown=90/30/on/hold");
  expect(DEFAULT_ESS_WINDOW_TEXT).toBe("22:00-06:00");
  expect(essTableOf(DEFAULT_ESS_POLICY_TEXT, DEFAULT_ESS_WINDOW_TEXT)).toEqual({ ok: true, table: DEFAULT_ESS_POLICY });
});

test("a window past 06:00, a floor above the target and a malformed text are refused with why", () => {
  expect(essTableOf(DEFAULT_ESS_POLICY_TEXT, "23:00-07:00")).toMatchObject({ ok: false, problems: expect.arrayContaining(["blue.chargeDurationMin: must end by 06:00 (1–420 min), got 480"]) });
  expect(essTableOf("blue=80/90/on/discharge white=90/30/on/hold red=100/25/off/hold unknown=90/30/on/hold", "22:00-06:00")).toEqual({ ok: false, problems: ["blue.minSocPct: 90 above the target 80"] });
  expect(essTableOf("blue=180/30/on/discharge", "22:00-06:00").ok).toBe(false);
});

test("the settings table refuses a malformed policy, window, portal id or surplus list, by field", () => {
  const r = validateSettings({ essPolicy: "blue=101/30/on/hold", essChargeWindow: "25:00-06:00", victronPortalId: "C0619AB1F2E3", surplusLoads: "ballon:need=x" });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.errors.map((e) => e.field).sort()).toEqual(["essChargeWindow", "essPolicy", "surplusLoads", "victronPortalId"]);
});
