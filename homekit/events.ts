// Characteristic event subscriptions per session and the pending EVENT/1.0 queue, coalesced per characteristic.
// Never writes to a socket: the server takes pending events when the connection is between responses.
import type { HapValue } from "./catalog";
import { jsonResponse } from "./hap-http";

export interface CharacteristicEvent {
  aid: number;
  iid: number;
  value: HapValue;
}

export class EventHub {
  private readonly subscriptions = new Map<number, Set<string>>();
  /** Per session, pending values by "aid.iid"; a Map keeps first-change order while the latest value wins. */
  private readonly pending = new Map<number, Map<string, CharacteristicEvent>>();

  /** `onPending` is called once when a session goes from nothing pending to something pending. */
  constructor(private readonly onPending: (sessionId: number) => void) {}

  subscribe(sessionId: number, aid: number, iid: number): void {
    let set = this.subscriptions.get(sessionId);
    if (set === undefined) this.subscriptions.set(sessionId, (set = new Set()));
    set.add(`${aid}.${iid}`);
  }

  unsubscribe(sessionId: number, aid: number, iid: number): void {
    const id = `${aid}.${iid}`;
    this.subscriptions.get(sessionId)?.delete(id);
    // A value queued before the unsubscribe must not arrive after it.
    this.pending.get(sessionId)?.delete(id);
  }

  isSubscribed(sessionId: number, aid: number, iid: number): boolean {
    return this.subscriptions.get(sessionId)?.has(`${aid}.${iid}`) ?? false;
  }

  /** Forget a closed session entirely. */
  dropSession(sessionId: number): void {
    this.subscriptions.delete(sessionId);
    this.pending.delete(sessionId);
  }

  /** Queue changes for every subscribed session except `excludeSessionId` (the writer that caused them). */
  publish(changes: readonly CharacteristicEvent[], excludeSessionId?: number): void {
    for (const [sessionId, set] of this.subscriptions) {
      if (sessionId === excludeSessionId) continue;
      for (const change of changes) {
        const id = `${change.aid}.${change.iid}`;
        if (!set.has(id)) continue;
        let queue = this.pending.get(sessionId);
        const wasEmpty = queue === undefined || queue.size === 0;
        if (queue === undefined) this.pending.set(sessionId, (queue = new Map()));
        queue.set(id, { aid: change.aid, iid: change.iid, value: change.value });
        if (wasEmpty) this.onPending(sessionId);
      }
    }
  }

  hasPending(sessionId: number): boolean {
    return (this.pending.get(sessionId)?.size ?? 0) > 0;
  }

  /** Remove and return what is pending for a session, oldest change first. */
  take(sessionId: number): CharacteristicEvent[] {
    const queue = this.pending.get(sessionId);
    if (queue === undefined) return [];
    this.pending.delete(sessionId);
    return Array.from(queue.values());
  }
}

/** One EVENT/1.0 message carrying several characteristic values. */
export function encodeEventMessage(events: readonly CharacteristicEvent[]): Uint8Array {
  return jsonResponse(200, { characteristics: events }, "EVENT/1.0");
}
