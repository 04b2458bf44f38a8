// The sources on the status page (French first, English complete) and in GET /api/status; the RTE secret stored
// like the Wi-Fi password: never in a page, never in the API, kept when the form leaves it empty.
import type { SourceStatus } from "../../src/signals/poller";
import { localToUtc } from "../../src/tariff/local-time";
import { settingsFromForm } from "../../src/web/settings-form";
import { stateJson } from "../../src/mqtt/state-json";
import type { EntitySource } from "../../src/mqtt/entities";
import { ownerFixture, webFixture } from "../web/web-fixture";

const STATUSES: SourceStatus[] = [
  { id: "rte", lastSuccessMs: localToUtc(2026, 1, 14, 10, 40), lastError: null, lastErrorMs: null, nextTryMs: localToUtc(2026, 1, 14, 19, 0), failures: 0 },
  { id: "community", lastSuccessMs: null, lastError: "HTTP 500", lastErrorMs: localToUtc(2026, 1, 14, 10, 40), nextTryMs: localToUtc(2026, 1, 14, 10, 55), failures: 1 },
];

function withSources() {
  const f = webFixture("2026-01-14T10:41:00+01:00", { colour: "white", period: "hp", tomorrow: "unknown" });
  f.box.signals = () => STATUSES;
  f.device.dispatch({
    type: "tariff-signal",
    colours: [
      { source: "rte", dayStartMs: localToUtc(2026, 1, 15, 6), colour: "red" },
      { source: "rte", dayStartMs: localToUtc(2026, 1, 14, 6), colour: "blue" },
    ],
  });
  return f;
}

test("status page: the weighed colours with provenance, each source's last success, last error and next try", () => {
  const f = withSources();
  const fr = f.request("GET", "/").body;
  expect(fr).toContain("<h2>Sources Internet</h2>");
  expect(fr).toMatch(/id="signal-tomorrow" data-colour="red" data-confidence="medium">Demain : <b>rouge<\/b> d’après rte/);
  // Today the meter (white) bills; RTE's blue is reported as a disagreement, not hidden.
  expect(fr).toMatch(/id="signal-today" data-colour="white"[^]*Désaccord : rte says blue: the meter bills/);
  expect(fr).toContain("RTE Tempo — dernier succès 14/01 10:40 · dernière erreur aucune · prochain essai 14/01 19:00");
  expect(fr).toContain("dernière erreur HTTP 500 (14/01 10:40) · prochain essai 14/01 10:55");
  const en = f.request("GET", "/", { query: { lang: "en" } }).body;
  expect(en).toContain("<h2>Internet sources</h2>");
  expect(en).toContain("Tomorrow : <b>red</b> from rte");
  expect(en).toContain("last error HTTP 500 (14/01 10:40) · next try 14/01 10:55");
});

test("no source on and nothing heard: no section", () => {
  const f = webFixture();
  f.box.signals = () => [];
  expect(f.request("GET", "/").body).not.toContain("Sources Internet");
});

test("GET /api/status carries the sources and the verdicts", () => {
  const f = withSources();
  const body = JSON.parse(f.request("GET", "/api/status").body);
  expect(body.signals.sources).toEqual(STATUSES);
  expect(body.status.signals.tomorrow).toMatchObject({ colour: "red", provenance: "rte", dayStartMs: localToUtc(2026, 1, 15, 6) });
  expect(body.status.tariff.tomorrow).toBe("red");
});

test("the RTE client secret is never echoed, and an empty post keeps it", async () => {
  const f = await ownerFixture();
  const saved = f.api("PUT", "/api/settings", { rteTempoEnabled: true, rteClientId: "my-app", rteClientSecret: "s3cr3t-value" });
  expect(saved.status).toBe(200);
  expect(saved.body).not.toContain("s3cr3t-value");
  expect(f.api("GET", "/api/settings").body).not.toContain("s3cr3t-value");
  expect(f.request("GET", "/settings").body).not.toContain("s3cr3t-value");
  expect(f.box.settings().rteClientSecret).toBe("s3cr3t-value");
  const kept = settingsFromForm({ rteClientId: "my-app-2", rteClientSecret: "" }, f.box.settings());
  expect(kept.ok && kept.settings.rteClientSecret).toBe("s3cr3t-value");
  expect(f.request("GET", "/settings").body).toContain('name="rteClientSecret" type="password"');
});

test("MQTT's JSON state topic carries the verdicts with provenance and disagreements", () => {
  const f = withSources();
  const state = JSON.parse(stateJson({ snapshot: f.box.snapshot()!, reading: undefined } as unknown as EntitySource, {}));
  expect(state.signals.tomorrow).toMatchObject({ colour: "red", provenance: "rte" });
  expect(state.signals.today.disagreements).toEqual(["rte says blue: the meter bills"]);
});
