// The Moddable SDK's `mqtt` module (modules/network/mqtt/mqtt.js): the parts hal/moddable/mqtt.ts uses.
// Declarations only, as a module file: tsconfig.firmware.json maps "mqtt" here, so the npm `mqtt` (Node) stays out;
// manifest.json lists it beside the SDK's mqtt.js (as for `rng`) so mcconfig's tsc finds it (the SDK ships no typing).
export interface ModdableMqttOptions {
  host: string;
  port?: number;
  id?: string;
  user?: string;
  password?: string;
  /** Keep-alive in ms (0: none); the client pings and fails after 1.5 × this without a packet. */
  timeout?: number;
  will?: { topic: string; message: string | ArrayBuffer; retain?: boolean; quality?: number };
}

export default class Client {
  constructor(options: ModdableMqttOptions);
  /** Throws "connection closed" before CONNACK or after close. */
  publish(topic: string, data: string | ArrayBuffer, flags?: { retain?: boolean; quality?: number }): void;
  subscribe(topic: string): void;
  close(immediate?: boolean): void;
  onReady?: () => void;
  onMessage?: (topic: string, payload: ArrayBuffer) => void;
  onClose?: () => void;
}
