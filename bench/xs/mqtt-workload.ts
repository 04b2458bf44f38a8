// MQTT publish workload shared by bench/mqtt.ts on Node and its XS entry: the same historic Tempo frames through
// the TIC decoder alone, a whole Device, and a Device with the MQTT bridge on a counting link. Never times itself.
import type { MqttConnectOptions, MqttConnection, MqttNetwork } from "../../hal/types";
import { SimulatedMeter } from "../../host-sim/meter/simulated-meter";
import { VirtualTime } from "../../host-sim/virtual-time";
import { createCore } from "../../src/device/core";
import { Device } from "../../src/device/device";
import { MemoryStore } from "../../src/device/memory-store";
import { MqttBridge } from "../../src/mqtt/bridge";
import { mqttConfigOf } from "../../src/mqtt/config";
import { TicDecoder } from "../../src/tic/decoder";

const START_MS = Date.UTC(2026, 0, 15, 8); // 9 h in France: a peak hour
const LOADS = [
  { id: "salon", name: "Salon", kind: "fil-pilote-1", priority: 2, nominalPowerW: 2000 },
  { id: "chambres", name: "Chambres", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1500 },
  { id: "ballon", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 },
];

/** `frames` historic single-phase Tempo frames, power varying each frame (so every frame has figures to publish). */
export function historicFrames(frames: number): Uint8Array[] {
  const meter = new SimulatedMeter({ mode: "historic", contract: "tempo", phases: 1, subscribedKVA: 9 }, { atMs: START_MS, colour: "white", tomorrow: "blue" });
  const out: Uint8Array[] = [];
  for (let i = 0; i < frames; i++) {
    meter.setState({ atMs: START_MS + i * 1500, powerVA: 900 + ((i * 137) % 5000) });
    out.push(meter.frame());
  }
  return out;
}

/** A broker link that accepts at once and only counts what it is given (the socket's cost is not ours to measure). */
class CountingLink implements MqttNetwork, MqttConnection {
  messages = 0;
  bytes = 0;
  private ready: (() => void) | undefined;
  connect(_options: MqttConnectOptions): MqttConnection {
    return this;
  }
  accept(): void {
    this.ready?.();
  }
  publish(topic: string, payload: string): boolean {
    this.messages++;
    this.bytes += topic.length + payload.length;
    return true;
  }
  subscribe(): void {}
  onMessage(): void {}
  onConnect(handler: () => void): void {
    this.ready = handler;
  }
  onClose(): void {}
  close(): void {}
}

export interface Rig {
  /** Feeds every frame once; returns how many MQTT messages and bytes went out. */
  run(): { messages: number; bytes: number };
}

export function decoderRig(frames: Uint8Array[]): Rig {
  const decoder = new TicDecoder({ mode: "historic", onFrame: () => undefined });
  return { run: () => { for (const f of frames) decoder.push(f); return { messages: 0, bytes: 0 }; } };
}

/** A Device fed frame by frame, with the MQTT bridge attached on demand (bench/xs/mqtt-heap-entry.ts). */
export interface SteppedBox {
  /** Advances 1.5 s of virtual time and feeds one frame. */
  feed(frame: Uint8Array): void;
  /** Starts the bridge on a counting link and lets it connect (discovery and every state go out). */
  attachBridge(): MqttBridge;
  /** The link says CONNACK again (a broker restart): the bridge sends discovery and every state again. */
  reconnect(): void;
  /** What the bridge has sent so far. */
  sent(): { messages: number; bytes: number };
}

export function steppedBox(): SteppedBox {
  const time = new VirtualTime(START_MS);
  const store = new MemoryStore();
  const logger = { log: () => undefined };
  const core = createCore({ store, logger, ticMode: "historic", defaultLoads: LOADS });
  let feed: ((chunk: Uint8Array) => void) | undefined;
  const loads: Record<string, { kind: string; outputs: { write(on: boolean): void }[] }> = {};
  for (const l of LOADS) loads[l.id] = { kind: l.kind, outputs: [{ write: () => undefined }] };
  const device = new Device({
    clock: time, timers: time, logger, store, system: { restart: () => undefined },
    meter: { onBytes: (h) => void (feed = h), close: () => undefined },
    loads, redLed: { set: () => undefined }, blueLed: { set: () => undefined },
    createDecoder: core.createDecoder, createEngine: core.createEngine,
  });
  device.start();
  const link = new CountingLink();
  return {
    feed(frame) {
      time.advance(1500);
      feed?.(frame);
    },
    attachBridge() {
      const bridge = new MqttBridge({
        device, network: link, timers: time, clock: time, logger, settings: core.settings, boxId: "0a0b0c0d0e0f",
        info: { name: "Délesteur", model: "bench", swVersion: "0" },
        configOf: (s) => mqttConfigOf({ ...s, mqttEnabled: true, mqttUrl: "mqtt://127.0.0.1" }),
      });
      bridge.start();
      link.accept();
      return bridge;
    },
    reconnect: () => link.accept(),
    sent: () => ({ messages: link.messages, bytes: link.bytes }),
  };
}

export function deviceRig(frames: Uint8Array[], withBridge: boolean): Rig {
  const box = steppedBox();
  if (withBridge) box.attachBridge();
  return {
    run() {
      const before = box.sent();
      for (const f of frames) box.feed(f);
      const after = box.sent();
      return { messages: after.messages - before.messages, bytes: after.bytes - before.bytes };
    },
  };
}
