// GET /api/status and the status page carry the Victron section when the box runs a GX: link state, readings, ESS.
import { webFixture } from "../web/web-fixture";
import type { VictronStatus } from "../../src/victron/victron-service";

const STATUS: VictronStatus = {
  gx: {
    link: { state: "online", broker: "192.168.1.50:1883", connects: 1, sent: 12, dropped: 0, commands: 0, rejected: 0 },
    portalId: "c0619ab1f2e3",
    readings: { socPct: 76, batteryW: -420, gridW: 35, pvW: 0, atMs: 1 },
    ess: {
      detail: "day red: floor 25 %, BatteryLife off",
      done: false,
      entries: [
        { path: "BatteryLife/MinimumSocLimit", value: 25, accept: "exact", state: "held", read: 25, attempts: 0, sinceMs: 0 },
        { path: "BatteryLife/State", value: 10, accept: "batterylife-off", state: "failed", read: 2, attempts: 3, sinceMs: 0, problem: "wrote 10 3 times, read back 2" },
      ],
    },
    keepalivesSent: 4,
    malformed: 0,
  },
  essProblem: null,
  essEnabled: true,
  topic: null,
  topicValueW: null,
  topicMalformed: 0,
};

test("GET /api/status: the victron member only when the box runs a GX", () => {
  const f = webFixture();
  expect(JSON.parse(f.request("GET", "/api/status").body).victron).toBeUndefined();
  f.box.victron = () => STATUS;
  const victron = JSON.parse(f.request("GET", "/api/status").body).victron;
  expect(victron.gx).toMatchObject({ state: "online", portalId: "c0619ab1f2e3", readings: { socPct: 76, batteryW: -420 } });
  expect(victron.gx.ess.entries[1]).toEqual({ path: "BatteryLife/State", value: 10, state: "failed", read: 2, problem: "wrote 10 3 times, read back 2" });
});

test("the status page: the GX, its readings and a refused setting, in French and in English", () => {
  const f = webFixture();
  f.box.victron = () => STATUS;
  const fr = f.request("GET", "/", { query: { lang: "fr" } }).body;
  expect(fr).toContain("Victron et surplus solaire");
  expect(fr).toContain("GX connecté 192.168.1.50:1883");
  expect(fr).toContain("batterie 76 %");
  expect(fr).toContain("Réglage refusé par le GX : BatteryLife/State = 10");
  const en = f.request("GET", "/", { query: { lang: "en" } }).body;
  expect(en).toContain("Setting refused by the GX: BatteryLife/State = 10");
  expect(en).not.toContain("Réglage");
});
