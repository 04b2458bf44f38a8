// HAP timed writes (§6.7.2.4): PUT /prepare announces a write id (pid) valid for ttl ms; the PUT /characteristics
// carrying that pid is applied only within it. Never applies a write itself and never reads a clock: timers expire pids.
import type { Timers } from "../hal/types";
import { utf8Decode } from "../lib/bytes";
import type { HttpRequest } from "../lib/http";
import { HAP_STATUS } from "./catalog";
import { jsonResponse } from "./hap-http";

/** A prepare asking longer than this is refused: a timed write is meant to land within seconds. */
export const TIMED_WRITE_MAX_TTL_MS = 60_000;

interface Prepared {
  pid: number;
  expiry: unknown;
}

/** One prepared write per connection at most (a new /prepare replaces the previous one, as iOS expects). */
export class TimedWrites {
  private readonly prepared = new Map<number, Prepared>();

  constructor(private readonly timers: Timers) {}

  /** PUT /prepare: `{"ttl": ms, "pid": id}` → 200 `{"status":0}`, or 400 -70410 for anything else. */
  prepare(connectionId: number, request: HttpRequest): Uint8Array {
    const body = parsePrepare(request.body);
    if (body === undefined) return jsonResponse(400, { status: HAP_STATUS.InvalidValue });
    this.drop(connectionId);
    const entry: Prepared = { pid: body.pid, expiry: undefined };
    entry.expiry = this.timers.setTimeout(() => {
      if (this.prepared.get(connectionId) === entry) this.prepared.delete(connectionId);
    }, body.ttlMs);
    this.prepared.set(connectionId, entry);
    return jsonResponse(200, { status: HAP_STATUS.Success });
  }

  /** True once for the pid this connection prepared, within its ttl; a matching pid is used up, a wrong one is not. */
  take(connectionId: number, pid: unknown): boolean {
    const entry = this.prepared.get(connectionId);
    if (entry === undefined) return false;
    if (entry.pid !== pid) return false;
    this.drop(connectionId);
    return true;
  }

  /** The connection closed: forget its prepared write. */
  drop(connectionId: number): void {
    const entry = this.prepared.get(connectionId);
    if (entry === undefined) return;
    this.timers.clear(entry.expiry);
    this.prepared.delete(connectionId);
  }

  get size(): number {
    return this.prepared.size;
  }
}

function parsePrepare(bytes: Uint8Array): { ttlMs: number; pid: number } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(utf8Decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof document !== "object" || document === null) return undefined;
  const { ttl, pid } = document as { ttl?: unknown; pid?: unknown };
  if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl <= 0 || ttl > TIMED_WRITE_MAX_TTL_MS) return undefined;
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid < 0) return undefined;
  return { ttlMs: ttl, pid };
}
