// XS script for bench/sse-heap.ts, run by the xsnap-heap runner: what the API's event stream holds per client and for
// its ring, and what one event sent to every client adds. Never asserts; prints one JSON line.
import type { TcpSocket } from "../../hal/types";
import { VirtualTime } from "../../host-sim/virtual-time";
import type { ControllerSnapshot, Effect } from "../../src/app/types";
import type { Update } from "../../src/publish/publisher";
import { EVENTS, EventStream } from "../../src/web/events";
import { live, peakAdded } from "./heap-probe";

declare const print: (text: string) => void;

/** A socket that hands what is written to "the network" at once (lwIP copies it), holding nothing. */
function sinkSocket(): TcpSocket {
  const closers: (() => void)[] = [];
  return {
    remoteAddress: "192.168.1.30",
    remotePort: 50000,
    queuedBytes: 0,
    write: () => undefined,
    close: () => {
      for (const c of closers.splice(0)) c();
    },
    onData: () => undefined,
    onClose: (h) => void closers.push(h),
    resume: () => undefined,
  };
}

const snapshot = {
  mode: "AUTO",
  loads: [{ id: "ballon", name: "Chauffe-eau", kind: "water-heater", priority: 2, nominalPowerW: 2400, on: true, level: "normal", allocatedW: 2400, reason: "normal", detail: "placed heat: 55 °C by 06:00 (87 min needed)", override: "auto" }],
  manager: { availablePowerW: 8500, availableSource: "meter", tanks: [{ id: "ballon", temperatureC: 48.5, readAtMs: 0, boostUntilMs: null, legionellaDoneMs: null, legionellaRunning: false, want: "heat", detail: "placed heat: 55 °C by 06:00 (87 min needed)" }], forcedPowerW: {} },
} as unknown as ControllerSnapshot;
const fact: Effect = { type: "load", id: "ballon", on: true, level: "normal", allocatedW: 2400, reason: "normal", detail: "placed heat: 55 °C by 06:00 (87 min needed)" };
const update: Update = { nowMs: 0, facts: [fact], presentation: [], snapshot: () => snapshot };

const time = new VirtualTime(0);
const empty = live();
const stream = new EventStream(time);
stream.observe(update);
const oneEvent = live();
for (let i = 0; i < EVENTS.ringSize; i++) stream.observe(update);
const ringFull = live();
const sockets: TcpSocket[] = [];
const perClient: { clients: number; chunks: number; slots: number }[] = [];
for (let n = 1; n <= 4; n++) {
  const s = sinkSocket();
  sockets.push(s);
  stream.attach(s, undefined);
  const h = live();
  perClient.push({ clients: n, chunks: h.chunks - ringFull.chunks, slots: h.slots - ringFull.slots });
}
const emit = peakAdded(() => stream.observe(update));
for (const s of sockets) s.close();
sockets.length = 0; // the bench's own references: only what the stream keeps should count
const closed = live();
print(
  JSON.stringify({
    ring: { size: EVENTS.ringSize, chunks: ringFull.chunks - empty.chunks, slots: ringFull.slots - empty.slots, first: { chunks: oneEvent.chunks - empty.chunks, slots: oneEvent.slots - empty.slots } },
    perClient,
    emitToFour: emit,
    afterClose: { chunks: closed.chunks - ringFull.chunks, slots: closed.slots - ringFull.slots },
  }),
);
