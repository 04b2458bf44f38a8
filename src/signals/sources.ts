// The Internet tariff sources as requests over the platform HttpClient: RTE (OAuth2, Tempo calendar, Ecowatt v5),
// RTE tempoLight and the community jourTempo. Never throw, never read the clock (now comes in), never log a secret.

import type { HttpClient, HttpResult } from "../../hal/types";
import { utf8Encode } from "../../lib/bytes";
import { localToUtc, formatLocalIso } from "../tariff/local-time";
import { addDays, type LocalDate } from "../tariff/tempo-calendar";
import {
  parseEcowatt,
  parseJourTempo,
  parseJson,
  parseRteCalendar,
  parseRteToken,
  parseTempoLight,
  type DayColour,
  type EcowattDay,
  type Parsed,
} from "./parsers";

export type Answer<T> = { ok: true; value: T } | { ok: false; error: string; retryAfterMs?: number };

/** A Tempo colour source: the colours it knows for `today` and the next day (civil dates of the Tempo days). */
export interface TempoSource {
  readonly id: string;
  fetchDays(today: LocalDate, nowMs: number): Promise<Answer<DayColour[]>>;
}

/** A whole exchange must end within this: a polling source must never hold a socket (and its heap) for long. */
export const SIGNAL_TIMEOUT_MS = 15_000;
/** Largest body taken: a Tempo or Ecowatt answer is ≤ 3 KB; a token ≈ 200 B. 16 KB leaves room and fits the heap. */
export const SIGNAL_MAX_BODY_BYTES = 16_384;
export interface SourceLimits {
  timeoutMs: number;
  maxBodyBytes: number;
}
export const SOURCE_LIMITS: SourceLimits = Object.freeze({ timeoutMs: SIGNAL_TIMEOUT_MS, maxBodyBytes: SIGNAL_MAX_BODY_BYTES });

/** A token is renewed this long before RTE says it ends, so a request never goes out with one about to expire. */
const TOKEN_MARGIN_MS = 60_000;
/** Without Retry-After, a 429 waits this long (Ecowatt's documented limit: one call per 15 minutes). */
const DEFAULT_429_WAIT_MS = 15 * 60_000;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function base64(text: string): string {
  const bytes = utf8Encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? BASE64[n & 63] : "=";
  }
  return out;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,7}$/.test(value.trim())) return Number(value.trim()) * 1000;
  const m = /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(value.trim());
  if (!m) return undefined;
  const month = "JanFebMarAprMayJunJulAugSepOctNovDec".indexOf(m[2]) / 3 + 1;
  if (month < 1) return undefined;
  const atMs = Date.UTC(+m[3], month - 1, +m[1], +m[4], +m[5], +m[6]);
  return Math.max(0, atMs - nowMs);
}

function describe(result: HttpResult): string {
  return result.ok ? `HTTP ${result.response.status}` : `${result.error.kind}: ${result.error.message}`;
}

/** An HTTP answer turned into parsed JSON, or the error a page shows (status, network kind, shape). */
function jsonOf<T>(result: HttpResult, nowMs: number, parse: (json: unknown) => Parsed<T>): Answer<T> {
  if (!result.ok) return { ok: false, error: describe(result) };
  const { status, headers, body } = result.response;
  if (status === 429) {
    return { ok: false, error: "HTTP 429 (too many requests)", retryAfterMs: retryAfterMs(headers["retry-after"], nowMs) ?? DEFAULT_429_WAIT_MS };
  }
  if (status < 200 || status > 299) return { ok: false, error: describe(result) };
  const json = parseJson(body);
  if (!json.ok) return json;
  return parse(json.value);
}

export interface RteCredentials {
  clientId: string;
  clientSecret: string;
}

/** RTE's OAuth2 client-credentials token, kept for its lifetime and asked again only when it ends or is refused. */
export class RteToken {
  private token: string | undefined;
  private expiresAtMs = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: () => string,
    private readonly credentials: () => RteCredentials,
    private readonly limits: SourceLimits = SOURCE_LIMITS,
  ) {}

  async get(nowMs: number): Promise<Answer<string>> {
    if (this.token !== undefined && nowMs < this.expiresAtMs - TOKEN_MARGIN_MS) return { ok: true, value: this.token };
    const { clientId, clientSecret } = this.credentials();
    if (clientId === "" || clientSecret === "") return { ok: false, error: "no RTE client id or secret set" };
    const result = await this.http.request({
      method: "POST",
      url: `${this.baseUrl()}/token/oauth/`,
      headers: { authorization: `Basic ${base64(`${clientId}:${clientSecret}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
      timeoutMs: this.limits.timeoutMs,
      maxBodyBytes: this.limits.maxBodyBytes,
    });
    if (result.ok && (result.response.status === 400 || result.response.status === 401)) {
      return { ok: false, error: `token refused (HTTP ${result.response.status}): check the RTE client id and secret` };
    }
    const parsed = jsonOf(result, nowMs, parseRteToken);
    if (!parsed.ok) return { ok: false, error: `token: ${parsed.error}`, retryAfterMs: parsed.retryAfterMs };
    this.token = parsed.value.token;
    this.expiresAtMs = nowMs + parsed.value.lifetimeS * 1000;
    return { ok: true, value: this.token };
  }

  /** The API refused the token (revoked, clock skew): the next call asks for a new one. */
  forget(): void {
    this.token = undefined;
  }
}

/** GET with the RTE token; one retry with a fresh token when the API says 401 (the token ended early). */
async function rteGet<T>(
  http: HttpClient,
  token: RteToken,
  url: string,
  nowMs: number,
  parse: (json: unknown) => Parsed<T>,
  limits: SourceLimits,
): Promise<Answer<T>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const bearer = await token.get(nowMs);
    if (!bearer.ok) return bearer;
    const result = await http.request({
      method: "GET",
      url,
      headers: { authorization: `Bearer ${bearer.value}`, accept: "application/json" },
      timeoutMs: limits.timeoutMs,
      maxBodyBytes: limits.maxBodyBytes,
    });
    if (result.ok && result.response.status === 401 && attempt === 0) {
      token.forget();
      continue;
    }
    return jsonOf(result, nowMs, parse);
  }
  return { ok: false, error: "HTTP 401 with a fresh token" };
}

/** Only days the question was about; an answer about other days only is "wrong dates", not "not yet known". */
function keepAsked(days: DayColour[], today: LocalDate): Answer<DayColour[]> {
  const asked = [today, addDays(today, 1)];
  const kept = days.filter((d) => asked.some((a) => a.year === d.date.year && a.month === d.date.month && a.day === d.date.day));
  if (days.length > 0 && kept.length === 0) return { ok: false, error: "answer about other days (wrong dates)" };
  return { ok: true, value: kept };
}

export class RteTempoSource implements TempoSource {
  readonly id = "rte";
  constructor(
    private readonly http: HttpClient,
    private readonly token: RteToken,
    private readonly baseUrl: () => string,
    private readonly limits: SourceLimits = SOURCE_LIMITS,
  ) {}

  async fetchDays(today: LocalDate, nowMs: number): Promise<Answer<DayColour[]>> {
    // Civil midnight of today to civil midnight after tomorrow: RTE refuses an end past J+2.
    const start = formatLocalIso(localToUtc(today.year, today.month, today.day));
    const after = addDays(today, 2);
    const end = formatLocalIso(localToUtc(after.year, after.month, after.day));
    const url = `${this.baseUrl()}/open_api/tempo_like_supply_contract/v1/tempo_like_calendars?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`;
    const answer = await rteGet(this.http, this.token, url, nowMs, parseRteCalendar, this.limits);
    return answer.ok ? keepAsked(answer.value, today) : answer;
  }
}

export class TempoLightSource implements TempoSource {
  readonly id = "tempo-light";
  constructor(private readonly http: HttpClient, private readonly baseUrl: () => string, private readonly limits: SourceLimits = SOURCE_LIMITS) {}

  async fetchDays(today: LocalDate, nowMs: number): Promise<Answer<DayColour[]>> {
    const result = await this.http.request({
      method: "GET",
      url: `${this.baseUrl()}/cms/open_data/v1/tempoLight`,
      timeoutMs: this.limits.timeoutMs,
      maxBodyBytes: this.limits.maxBodyBytes,
    });
    const answer = jsonOf(result, nowMs, parseTempoLight);
    return answer.ok ? keepAsked(answer.value, today) : answer;
  }
}

export class JourTempoSource implements TempoSource {
  readonly id = "community";
  constructor(private readonly http: HttpClient, private readonly baseUrl: () => string, private readonly limits: SourceLimits = SOURCE_LIMITS) {}

  async fetchDays(today: LocalDate, nowMs: number): Promise<Answer<DayColour[]>> {
    const days: DayColour[] = [];
    for (const which of ["today", "tomorrow"]) {
      const result = await this.http.request({
        method: "GET",
        url: `${this.baseUrl()}/api/jourTempo/${which}`,
        timeoutMs: this.limits.timeoutMs,
        maxBodyBytes: this.limits.maxBodyBytes,
      });
      const answer = jsonOf(result, nowMs, parseJourTempo);
      if (!answer.ok) return answer;
      days.push(...answer.value);
    }
    return keepAsked(days, today);
  }
}

export class EcowattSource {
  readonly id = "ecowatt";
  constructor(
    private readonly http: HttpClient,
    private readonly token: RteToken,
    private readonly baseUrl: () => string,
    private readonly limits: SourceLimits = SOURCE_LIMITS,
  ) {}

  fetchSignals(nowMs: number): Promise<Answer<EcowattDay[]>> {
    return rteGet(this.http, this.token, `${this.baseUrl()}/open_api/ecowatt/v5/signals`, nowMs, parseEcowatt, this.limits);
  }
}
