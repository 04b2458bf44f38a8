// A loopback HTTPS stand-in for RTE's API, RTE's open data and the community jourTempo API, with every failure.
// Test-only (and host-sim demos): serves the real JSON shapes; never reaches the Internet.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { makeTestPki, type TestPki } from "../net/test-ca";

/** How a route answers its next requests. */
export type Behaviour = "ok" | "500" | "429" | "malformed" | "wrong-dates" | "hang" | "401";

export interface FakeRteState {
  clientId: string;
  clientSecret: string;
  /** Tempo colours by civil date `YYYY-MM-DD` (RTE values: BLUE, WHITE, RED). */
  colours: Record<string, "BLUE" | "WHITE" | "RED">;
  /** Ecowatt answer body (the real shape). */
  ecowatt: unknown;
  tokenLifetimeS: number;
  behaviour: { token: Behaviour; tempo: Behaviour; ecowatt: Behaviour; light: Behaviour; community: Behaviour };
  retryAfter: string;
  /** Calls per route, and the tokens handed out (a revoked one gets 401). */
  calls: { token: number; tempo: number; ecowatt: number; light: number; community: number };
  tokens: string[];
  revoked: Set<string>;
  /** The civil date the community API calls "today". */
  today: string;
  /** Query strings the calendar was asked with. */
  tempoQueries: string[];
}

export interface FakeRte {
  url: string;
  pki: TestPki;
  state: FakeRteState;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** Anything but "ok": the shared failures; true when it answered. */
function misbehave(res: ServerResponse, how: Behaviour, state: FakeRteState): boolean {
  switch (how) {
    case "ok":
    case "wrong-dates":
      return false;
    case "500":
      send(res, 500, { error: "internal" });
      return true;
    case "401":
      send(res, 401, { error: "invalid_client" });
      return true;
    case "429":
      send(res, 429, { error: "too many requests" }, { "retry-after": state.retryAfter });
      return true;
    case "malformed":
      send(res, 200, '{"tempo_like_calendars": {"values": [');
      return true;
    case "hang":
      res.writeHead(200, { "content-type": "application/json", "content-length": "400" });
      res.write('{"values":'); // and never more
      return true;
  }
}

function civilMidnight(date: string): string {
  const month = Number(date.slice(5, 7));
  // Good enough for the test months: winter (Nov–Mar) +01:00, summer +02:00.
  return `${date}T00:00:00${month >= 4 && month <= 10 ? "+02:00" : "+01:00"}`;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export async function startFakeRte(pki: TestPki = makeTestPki()): Promise<FakeRte> {
  const state: FakeRteState = {
    clientId: "box-id",
    clientSecret: "box-secret",
    colours: {},
    ecowatt: { signals: [] },
    tokenLifetimeS: 7200,
    behaviour: { token: "ok", tempo: "ok", ecowatt: "ok", light: "ok", community: "ok" },
    retryAfter: "120",
    calls: { token: 0, tempo: 0, ecowatt: 0, light: 0, community: 0 },
    tokens: [],
    revoked: new Set(),
    tempoQueries: [],
    today: "2026-12-01",
  };
  const bearerOk = (req: IncomingMessage): boolean => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    return m !== null && state.tokens.includes(m[1]) && !state.revoked.has(m[1]);
  };
  const server: Server = createServer({ cert: pki.serverCertPem, key: pki.serverKeyPem }, (req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "https://x");
      const path = url.pathname;
      if (req.method === "POST" && path === "/token/oauth/") {
        state.calls.token++;
        if (misbehave(res, state.behaviour.token, state)) return;
        const expected = `Basic ${Buffer.from(`${state.clientId}:${state.clientSecret}`).toString("base64")}`;
        if (req.headers.authorization !== expected || body !== "grant_type=client_credentials") {
          send(res, 401, { error: "invalid_client" });
          return;
        }
        const token = `tok-${state.tokens.length + 1}`;
        state.tokens.push(token);
        send(res, 200, { access_token: token, token_type: "Bearer", expires_in: state.tokenLifetimeS });
        return;
      }
      if (path === "/open_api/tempo_like_supply_contract/v1/tempo_like_calendars") {
        state.calls.tempo++;
        state.tempoQueries.push(url.search);
        if (!bearerOk(req)) return send(res, 401, { error: "invalid_token" });
        if (misbehave(res, state.behaviour.tempo, state)) return;
        const start = (url.searchParams.get("start_date") ?? "").slice(0, 10);
        const values = [];
        for (let date = start, i = 0; i < 2; i++, date = nextDate(date)) {
          const asked = state.behaviour.tempo === "wrong-dates" ? `2019-${date.slice(5)}` : date;
          const colour = state.colours[date];
          if (colour) values.unshift({ start_date: civilMidnight(asked), end_date: civilMidnight(nextDate(asked)), value: colour, updated_date: civilMidnight(asked) });
        }
        return send(res, 200, { tempo_like_calendars: { start_date: civilMidnight(start), end_date: url.searchParams.get("end_date"), values } });
      }
      if (path === "/open_api/ecowatt/v5/signals") {
        state.calls.ecowatt++;
        if (!bearerOk(req)) return send(res, 401, { error: "invalid_token" });
        if (misbehave(res, state.behaviour.ecowatt, state)) return;
        return send(res, 200, state.ecowatt);
      }
      if (path === "/cms/open_data/v1/tempoLight") {
        state.calls.light++;
        if (misbehave(res, state.behaviour.light, state)) return;
        const values: Record<string, string> = {};
        for (const date in state.colours) {
          values[date] = state.colours[date];
          values[`${date}-fallback`] = "false";
        }
        return send(res, 200, { values });
      }
      const community = /^\/api\/jourTempo\/(today|tomorrow)$/.exec(path);
      if (community) {
        state.calls.community++;
        if (misbehave(res, state.behaviour.community, state)) return;
        const date = community[1] === "today" ? state.today : nextDate(state.today);
        const code = { BLUE: 1, WHITE: 2, RED: 3 }[state.colours[date] ?? ""] ?? 0;
        return send(res, 200, { dateJour: date, codeJour: code, periode: "2026-2027" });
      }
      send(res, 404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    pki,
    state,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
