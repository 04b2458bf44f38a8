// The sources over real HTTPS on loopback (a throw-away CA handed to the Node client): the real shapes, every
// failure the issue lists, the token kept for its lifetime and renewed, Retry-After honoured.
import { NodeHttpClient } from "../../hal/node/http-client";
import { EcowattSource, JourTempoSource, RteTempoSource, RteToken, TempoLightSource, retryAfterMs, base64 } from "../../src/signals/sources";
import { ECOWATT } from "./signal-cases";
import { startFakeRte, type FakeRte } from "./fake-rte";

const TUE = { year: 2026, month: 12, day: 1 };
/** Tue 1 Dec 2026 11:00 Paris. */
const NOW = Date.UTC(2026, 11, 1, 10, 0);

/** The hang case waits out the timeout: 3 s here instead of the sources' 15 s (a first handshake on a busy CI can take 1 s). */
const LIMITS = { timeoutMs: 3_000, maxBodyBytes: 16_384 };
let rte: FakeRte;
let http: NodeHttpClient;

beforeAll(async () => {
  rte = await startFakeRte();
  http = new NodeHttpClient({ extraCaPem: rte.pki.caPem });
});
afterAll(async () => {
  await http.close();
  await rte.close();
});
beforeEach(() => {
  const s = rte.state;
  s.colours = { "2026-12-01": "WHITE", "2026-12-02": "RED" };
  s.behaviour = { token: "ok", tempo: "ok", ecowatt: "ok", light: "ok", community: "ok" };
  s.calls = { token: 0, tempo: 0, ecowatt: 0, light: 0, community: 0 };
  s.tokenLifetimeS = 7200;
  s.ecowatt = ECOWATT;
});

function rteSources(secret = "box-secret") {
  const token = new RteToken(http, () => rte.url, () => ({ clientId: "box-id", clientSecret: secret }), LIMITS);
  return { token, tempo: new RteTempoSource(http, token, () => rte.url, LIMITS), ecowatt: new EcowattSource(http, token, () => rte.url, LIMITS) };
}

test("RTE: token then calendar for today and tomorrow; civil-midnight dates asked, end at J+2", async () => {
  const { tempo } = rteSources();
  const answer = await tempo.fetchDays(TUE, NOW);
  expect(answer).toEqual({ ok: true, value: [{ date: { year: 2026, month: 12, day: 2 }, colour: "red" }, { date: TUE, colour: "white" }] });
  expect(rte.state.tempoQueries.at(-1)).toBe("?start_date=2026-12-01T00%3A00%3A00%2B01%3A00&end_date=2026-12-03T00%3A00%3A00%2B01%3A00");
  expect(rte.state.calls.token).toBe(1);
});

test("RTE: the token is kept for its lifetime, renewed once it ends, and asked again after a 401", async () => {
  const { tempo } = rteSources();
  await tempo.fetchDays(TUE, NOW);
  await tempo.fetchDays(TUE, NOW + 60 * 60_000);
  expect(rte.state.calls.token).toBe(1);
  await tempo.fetchDays(TUE, NOW + 7200_000);
  expect(rte.state.calls.token).toBe(2);
  // RTE revokes the token early: one 401, a fresh token, the same request again, success.
  for (const t of rte.state.tokens) rte.state.revoked.add(t);
  const answer = await tempo.fetchDays(TUE, NOW + 7300_000);
  expect(answer.ok).toBe(true);
  expect(rte.state.calls.token).toBe(3);
});

test("RTE: a wrong secret is a clear error, and nothing else is asked", async () => {
  const { tempo } = rteSources("wrong");
  const answer = await tempo.fetchDays(TUE, NOW);
  expect(answer).toEqual({ ok: false, error: "token refused (HTTP 401): check the RTE client id and secret" });
  expect(rte.state.calls.tempo).toBe(0);
});

test.each([
  ["500", "HTTP 500"],
  ["malformed", "malformed JSON"],
  ["wrong-dates", "answer about other days (wrong dates)"],
  ["hang", "timeout: no complete answer in time"],
] as const)("RTE calendar %s → %s", async (behaviour, error) => {
  rte.state.behaviour.tempo = behaviour;
  const answer = await rteSources().tempo.fetchDays(TUE, NOW);
  expect(answer).toEqual({ ok: false, error });
});

test("429 carries the server's Retry-After (seconds or an HTTP date); without one, 15 minutes", async () => {
  rte.state.behaviour.ecowatt = "429";
  rte.state.retryAfter = "600";
  const { ecowatt } = rteSources();
  expect(await ecowatt.fetchSignals(NOW)).toEqual({ ok: false, error: "HTTP 429 (too many requests)", retryAfterMs: 600_000 });
  expect(retryAfterMs("Tue, 01 Dec 2026 10:30:00 GMT", NOW)).toBe(30 * 60_000);
  expect(retryAfterMs("soon", NOW)).toBeUndefined();
});

test("Ecowatt: the real shape through the same token", async () => {
  const answer = await rteSources().ecowatt.fetchSignals(NOW);
  expect(answer.ok && answer.value[0].hourLevels.slice(8, 10)).toEqual([3, 3]);
});

test("keyless: tempoLight and jourTempo give today and tomorrow; codeJour 0 leaves tomorrow unknown", async () => {
  const light = new TempoLightSource(http, () => rte.url);
  const community = new JourTempoSource(http, () => rte.url);
  expect(await light.fetchDays(TUE, NOW)).toEqual({ ok: true, value: [{ date: TUE, colour: "white" }, { date: { year: 2026, month: 12, day: 2 }, colour: "red" }] });
  rte.state.colours = { "2026-12-01": "WHITE" };
  expect(await community.fetchDays(TUE, NOW)).toEqual({ ok: true, value: [{ date: TUE, colour: "white" }] });
  rte.state.behaviour.community = "500";
  expect(await community.fetchDays(TUE, NOW)).toEqual({ ok: false, error: "HTTP 500" });
});

test("a server whose certificate the client does not trust is a tls error", async () => {
  const stranger = new NodeHttpClient();
  const answer = await new TempoLightSource(stranger, () => rte.url).fetchDays(TUE, NOW);
  await stranger.close();
  expect(answer.ok === false && answer.error.startsWith("tls:")).toBe(true);
});

test("base64 of the Basic credentials matches Node's", () => {
  for (const text of ["box-id:box-secret", "a", "ab", "abc", "é:ü"]) expect(base64(text)).toBe(Buffer.from(text).toString("base64"));
});
