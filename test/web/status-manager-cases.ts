// The status page's water-heater and heat-pump lines on a real Device, as cases shared by jest
// (test/web/status-manager.test.ts) and XS (test/xs/web.xs.ts): the tank's temperature or the probe's fault, the target,
// a boost with its end, anti-legionella due or running, the SG-Ready state and why — French first, English whole.
import { ownerFixture, type WebFixture } from "./web-fixture";
import type { WebCase } from "./web-cases";

const LOADS = [
  { id: "ballon", name: "Ballon", kind: "water-heater", nominalPowerW: 2400, probe: true },
  { id: "cumulus", name: "Cumulus", kind: "water-heater", nominalPowerW: 1500, legionella: false },
  { id: "pac", name: "PAC", kind: "sg-ready", nominalPowerW: 3000, probe: true, targetTemperatureC: 45 },
];

/** Each manager line of each card, as `load class: text`, in the page's order. */
function managerLines(f: WebFixture, lang: "fr" | "en"): string[] {
  const page = f.request("GET", "/", { query: { lang } }).body;
  const out: string[] = [];
  for (const card of page.split('<section class="load" data-load="').slice(1)) {
    const id = card.slice(0, card.indexOf('"'));
    const re = /<p class="hint (tank|boost|legionella|sg)"[^>]*>([^<]*)<\/p>/g;
    for (let m = re.exec(card); m !== null; m = re.exec(card)) out.push(`${id} ${m[1]}: ${m[2].replace(/&#39;/g, "'")}`);
  }
  return out;
}

async function managedBox(atIso: string, colour: "blue" | "red", period: "hp" | "hc"): Promise<WebFixture> {
  const f = await ownerFixture(atIso, { colour, period, powerVA: 1200, tomorrow: "blue" });
  const put = f.api("PUT", "/api/settings", { loads: LOADS }).status;
  if (put !== 200) throw new Error(`settings refused: ${put}`);
  f.frame({ colour, period, powerVA: 1200, tomorrow: "blue" });
  return f;
}

export const STATUS_MANAGER_CASES: readonly WebCase[] = Object.freeze([
  {
    name: "status page: a red peak — the heat pump locked and why; the tank's reading, target and boost end; anti-legionella due; no probe said so",
    async run() {
      const f = await managedBox("2026-01-14T09:00:00+01:00", "red", "hp");
      f.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 52.46 });
      f.device.dispatch({ type: "tank-temperature", loadId: "pac", temperatureC: 38 });
      const boost = f.api("POST", "/api/hot-water/ballon/boost", { durationMin: 45 }).status;
      return {
        actual: [boost, managerLines(f, "fr"), managerLines(f, "en")],
        expected: [
          200,
          [
            "ballon tank: Ballon à 52,5 °C (visée : 55 °C).",
            "ballon boost: Relance jusqu’à 9 h 45, ou jusqu’à 55 °C.",
            "ballon legionella: Anti-légionelle à faire : la prochaine nuit bleue, en heures creuses.",
            "cumulus tank: Pas de sonde : le thermostat du ballon règle sa température.",
            "pac sg: SG-Ready 1, bloqué : jour rouge, heures pleines.",
            "pac tank: Eau à 38 °C (visée : 45 °C).",
          ],
          [
            "ballon tank: Tank at 52.5 °C (target 55 °C).",
            "ballon boost: Boost until 09:45, or up to 55 °C.",
            "ballon legionella: Anti-legionella run due: the next blue night, in off-peak hours.",
            "cumulus tank: No probe: the tank's own thermostat sets its temperature.",
            "pac sg: SG-Ready 1, locked: red day, peak hours.",
            "pac tank: Water at 38 °C (target 45 °C).",
          ],
        ],
      };
    },
  },
  {
    name: "status page: a blue night — the heat pump recommended and why, the anti-legionella run on; a failed probe, then one silent for 10 min",
    async run() {
      const f = await managedBox("2026-01-18T23:00:00+01:00", "blue", "hc");
      f.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: null });
      f.device.dispatch({ type: "tank-temperature", loadId: "pac", temperatureC: 30 });
      const failed = managerLines(f, "fr");
      f.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: 58 });
      const hot = managerLines(f, "fr").slice(0, 2);
      f.device.dispatch({ type: "tank-temperature", loadId: "ballon", temperatureC: null });
      f.time.advance(11 * 60_000);
      f.frame({ colour: "blue", period: "hc", powerVA: 1200, tomorrow: "blue" });
      return {
        actual: [failed, hot, managerLines(f, "en")],
        expected: [
          [
            "ballon tank: Sonde en défaut : température inconnue (visée : 55 °C).",
            "ballon legionella: Anti-légionelle en cours : relais fermé jusqu’à 6 h (sans lecture de sonde).",
            "cumulus tank: Pas de sonde : le thermostat du ballon règle sa température.",
            "pac sg: SG-Ready 3, marche conseillée : nuit bleue en heures creuses, la chaleur la moins chère.",
            "pac tank: Eau à 30 °C (visée : 45 °C).",
          ],
          ["ballon tank: Ballon à 58 °C (visée : 55 °C).", "ballon legionella: Anti-légionelle en cours : chauffe jusqu’à 60 °C."],
          [
            "ballon tank: Probe failing: temperature unknown (target 55 °C).",
            "ballon legionella: Anti-legionella run on: relay closed until 06:00 (no probe reading).",
            "cumulus tank: No probe: the tank's own thermostat sets its temperature.",
            "pac sg: SG-Ready 3, recommended on: blue night in off-peak hours, the cheapest heat.",
            "pac tank: Probe silent since 23:00: temperature unknown (target 45 °C).",
          ],
        ],
      };
    },
  },
]);
