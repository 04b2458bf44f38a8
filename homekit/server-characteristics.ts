// GET and PUT /characteristics: parse the request, apply it to the database and event subscriptions, build the
// 200/204/207 answer. Never writes to a socket and never publishes events itself: it returns what changed.
import { utf8Decode } from "../lib/bytes";
import type { HttpRequest } from "../lib/http";
import { HAP_STATUS, type HapValue } from "./catalog";
import type { AccessoryDatabase, CharacteristicResult } from "./database";
import type { EventHub } from "./events";
import { encodeHapResponse, jsonResponse } from "./hap-http";

export interface WrittenValue {
  aid: number;
  iid: number;
  value: HapValue;
  /** The app holds a different value than the one written (e.g. HEAT refused on a red peak, AUTO kept). */
  corrected: boolean;
}

function flag(text: string | undefined): boolean {
  return text === "1" || text === "true";
}

function parseIds(text: string | undefined): { aid: number; iid: number }[] | undefined {
  if (text === undefined || text.length === 0) return undefined;
  const ids: { aid: number; iid: number }[] = [];
  for (const part of text.split(",")) {
    const match = /^([0-9]{1,9})\.([0-9]{1,9})$/.exec(part.trim());
    if (match === null) return undefined;
    ids.push({ aid: Number(match[1]), iid: Number(match[2]) });
  }
  return ids;
}

/** 200 with every value when all reads succeed; 207 with a status on every entry when any fails. */
export function handleCharacteristicsGet(database: AccessoryDatabase, events: EventHub, sessionId: number, request: HttpRequest): { response: Uint8Array } {
  const ids = parseIds(request.query.id);
  if (ids === undefined) return { response: jsonResponse(400, { status: HAP_STATUS.InvalidValue }) };
  const options = { meta: flag(request.query.meta), perms: flag(request.query.perms), type: flag(request.query.type) };
  const withEv = flag(request.query.ev);
  const results: CharacteristicResult[] = ids.map(({ aid, iid }) => {
    const result = database.read(aid, iid, options);
    if (withEv && result.status === undefined) result.ev = events.isSubscribed(sessionId, aid, iid);
    return result;
  });
  const failed = results.some((r) => r.status !== undefined && r.status !== HAP_STATUS.Success);
  if (failed) for (const r of results) r.status ??= HAP_STATUS.Success;
  return { response: jsonResponse(failed ? 207 : 200, { characteristics: results }) };
}

interface WriteRequest {
  aid: number;
  iid: number;
  value?: unknown;
  ev?: unknown;
  r?: unknown;
}

function parseWrites(body: Uint8Array): { writes: WriteRequest[]; pid: unknown } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(utf8Decode(body));
  } catch {
    return undefined;
  }
  if (typeof document !== "object" || document === null) return undefined;
  const list = (document as { characteristics?: unknown }).characteristics;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  for (const item of list) {
    if (typeof item !== "object" || item === null) return undefined;
    const { aid, iid } = item as { aid?: unknown; iid?: unknown };
    if (typeof aid !== "number" || typeof iid !== "number" || !Number.isInteger(aid) || !Number.isInteger(iid)) return undefined;
  }
  return { writes: list as WriteRequest[], pid: (document as { pid?: unknown }).pid };
}

/**
 * 204 when every entry succeeds and none asked for a write response; otherwise 207 with a status per entry.
 * Subscriptions (`ev`) apply at once; value changes are returned for the server to publish after it answers.
 * A timed write (`pid`) is applied only if `takePid` accepts it (prepared and within its ttl), else 400 -70410.
 */
export function handleCharacteristicsPut(
  database: AccessoryDatabase,
  events: EventHub,
  sessionId: number,
  request: HttpRequest,
  takePid?: (pid: unknown) => boolean,
): { response: Uint8Array; changes: WrittenValue[] } {
  const parsed = parseWrites(request.body);
  const refused = { response: jsonResponse(400, { status: HAP_STATUS.InvalidValue }), changes: [] };
  if (parsed === undefined) return refused;
  if (parsed.pid !== undefined && (takePid === undefined || !takePid(parsed.pid))) return refused;
  const writes = parsed.writes;
  const changes: WrittenValue[] = [];
  let multiStatus = false;
  const results = writes.map((write) => {
    const result: { aid: number; iid: number; status: number; value?: HapValue } = { aid: write.aid, iid: write.iid, status: HAP_STATUS.Success };
    if (write.value === undefined && write.ev === undefined) result.status = HAP_STATUS.InvalidValue;
    if (write.ev !== undefined && result.status === HAP_STATUS.Success) {
      const on = write.ev === true || write.ev === 1 ? true : write.ev === false || write.ev === 0 ? false : undefined;
      const status = on === undefined ? HAP_STATUS.InvalidValue : database.notifyStatus(write.aid, write.iid);
      if (status !== HAP_STATUS.Success) result.status = status;
      else if (on) events.subscribe(sessionId, write.aid, write.iid);
      else events.unsubscribe(sessionId, write.aid, write.iid);
    }
    if (write.value !== undefined && result.status === HAP_STATUS.Success) {
      const written = database.write(write.aid, write.iid, write.value, { sessionId });
      result.status = written.status;
      if (written.value !== undefined) {
        // A refusal that names the value in force is a correction too: the writer's tile already shows what it asked.
        // (iOS writes a bool as 1 or 0: that is the same value, not a correction.)
        const asWritten = typeof written.value === "boolean" && (write.value === 1 || write.value === 0) ? write.value === 1 : write.value;
        const corrected = written.status !== HAP_STATUS.Success || written.value !== asWritten;
        changes.push({ aid: write.aid, iid: write.iid, value: written.value, corrected });
        if (write.r === true || write.r === 1) {
          result.value = written.value;
          multiStatus = true;
        }
      }
    }
    if (result.status !== HAP_STATUS.Success) multiStatus = true;
    return result;
  });
  if (!multiStatus) return { response: encodeHapResponse({ status: 204 }), changes };
  return { response: jsonResponse(207, { characteristics: results }), changes };
}
