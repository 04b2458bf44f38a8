// The Internet tariff signals on the real XS engine: parsers, arbiter and schedule tables, the RTE token and
// calendar over an in-memory HttpClient (no sockets in xsnap), and the Controller taking a firm online tomorrow.
import type { HttpClient, HttpRequest, HttpResult } from "../../hal/types";
import { Controller } from "../../src/app/controller";
import { validateSettings } from "../../src/settings/validate";
import { RteTempoSource, RteToken } from "../../src/signals/sources";
import { localToUtc } from "../../src/tariff/local-time";
import { reading } from "../app/readings";
import { RTE_CALENDAR, SIGNAL_CASES } from "../signals/signal-cases";
import { SCHEDULE_CASES, runScheduleCase } from "../signals/schedule-cases";
import { assert, assertEqual, run, test } from "./harness";

for (const c of SIGNAL_CASES) {
  test(`signals: ${c.name}`, () => {
    const failures = c.run();
    assert(failures.length === 0, failures.join("\n"));
  });
}

for (const c of SCHEDULE_CASES) {
  test(`schedule: ${c.name}`, () => {
    const failures = runScheduleCase(c);
    assert(failures.length === 0, failures.join("\n"));
  });
}

/** RTE in memory: a token endpoint and the calendar, counting calls; `revoke` makes the next calendar call 401. */
class MemoryRte implements HttpClient {
  tokenCalls = 0;
  calendarCalls = 0;
  revoke = false;
  async request(r: HttpRequest): Promise<HttpResult> {
    const ok = (status: number, body: unknown): HttpResult => ({ ok: true, response: { status, headers: {}, body: JSON.stringify(body) } });
    if (r.url.endsWith("/token/oauth/")) {
      this.tokenCalls++;
      if (r.headers?.authorization !== "Basic aWQ6c2VjcmV0") return ok(401, { error: "invalid_client" });
      return ok(200, { access_token: `t${this.tokenCalls}`, token_type: "Bearer", expires_in: 7200 });
    }
    this.calendarCalls++;
    if (this.revoke) {
      this.revoke = false;
      return ok(401, { error: "invalid_token" });
    }
    return ok(200, RTE_CALENDAR);
  }
}

test("RTE token kept for its lifetime, renewed after a 401; calendar parsed on XS", async () => {
  const http = new MemoryRte();
  const token = new RteToken(http, () => "https://rte.test", () => ({ clientId: "id", clientSecret: "secret" }));
  const tempo = new RteTempoSource(http, token, () => "https://rte.test");
  const now = localToUtc(2026, 12, 1, 11, 0);
  const first = await tempo.fetchDays({ year: 2026, month: 12, day: 1 }, now);
  assertEqual(first.ok && first.value.map((d) => d.colour), ["red", "white"]);
  await tempo.fetchDays({ year: 2026, month: 12, day: 1 }, now + 60_000);
  assertEqual(http.tokenCalls, 1, "one token for two calls");
  http.revoke = true;
  const again = await tempo.fetchDays({ year: 2026, month: 12, day: 1 }, now + 120_000);
  assertEqual([again.ok, http.tokenCalls, http.calendarCalls], [true, 2, 4]);
});

test("Controller: a firm RTE red for tomorrow opens the tomorrow alert while the meter shows ----", () => {
  const settings = validateSettings({ loads: [{ id: "salon", priority: 2, nominalPowerW: 2000 }] });
  assert(settings.ok, "settings");
  const now = localToUtc(2026, 12, 1, 10, 40);
  const c = new Controller(settings.settings, undefined, now);
  c.dispatch({ type: "tic-frame", reading: reading({ colour: "white", period: "hp", tomorrow: "unknown" }) }, now);
  assertEqual(c.snapshot().tariff.tomorrow, "unknown");
  const fx = c.dispatch({ type: "tariff-signal", colours: [{ source: "rte", dayStartMs: localToUtc(2026, 12, 2, 6), colour: "red" }] }, now + 1000);
  assertEqual(c.snapshot().tariff.tomorrow, "red");
  assertEqual(c.snapshot().signals.tomorrow?.provenance, "rte");
  assert(fx.some((e) => e.type === "tariff" && e.tomorrow === "red"), "a tariff fact says tomorrow is red");
});

await run("signals");
