// Builds a load's outputs from its `outputs` setting: one PlugOutput per contact, reported to the Device as one.
// Never decides anything about the load; host-sim, the Linux box and main.ts call it with their own HttpClient.

import type { DigitalOutput, RemoteOutput } from "../../hal/types";
import type { HttpOutputSpec, OutputSpec } from "./config";
import { HttpPlugTransport, type HttpTransportDeps } from "./http-transport";
import type { PlugMqttLink } from "./mqtt-link";
import { ShellyMqttTransport, TasmotaMqttTransport } from "./mqtt-transports";
import { PlugOutput, type PlugOutputDeps } from "./plug-output";
import type { PlugProtocol, PlugTransport } from "./protocol";
import { shellyProtocol } from "./shelly";
import { tasmotaProtocol } from "./tasmota";

/** What every platform hands the factory: the HTTP client, timers, log, and for MQTT plugs the box's one session. */
export interface PlugDeps extends PlugOutputDeps, HttpTransportDeps {
  /** The plugs' side of the box's MQTT session (mqtt-link.ts); without it an MQTT plug says so, unreachable. */
  mqtt?: PlugMqttLink;
}

export function protocolOf(spec: HttpOutputSpec): PlugProtocol {
  return spec.type === "shelly" ? shellyProtocol(spec.channel) : tasmotaProtocol(spec.relay, spec.user, spec.password);
}

function transportOf(spec: OutputSpec, deps: PlugDeps): PlugTransport {
  if (spec.type === "tasmota-mqtt") return new TasmotaMqttTransport(deps.mqtt, spec.topic, spec.relay);
  if (spec.type === "shelly-mqtt") return new ShellyMqttTransport(deps.mqtt, spec.device, spec.channel);
  return new HttpPlugTransport(deps, spec.host, protocolOf(spec), spec.type === "shelly" ? spec.password : undefined);
}

/** One device's output, named `label` in logs (a load id, with its contact's index when it has several). */
export function plugOutputFor(label: string, spec: OutputSpec, deps: PlugDeps): PlugOutput {
  // Every plug takes the box's gate, MQTT ones too: an MQTT exchange holds no socket, but its heap while it waits is
  // an HTTP one's (bench/plugs-heap.ts, its MQTT table), and a red peak commands every plug at once.
  return new PlugOutput(deps, { label, wiring: spec.wiring, transport: transportOf(spec, deps) });
}

export interface LoadPlugs {
  /** In the kind's contact order, for the Device's LoadWiring. */
  outputs: (DigitalOutput | RemoteOutput)[];
  /** Each device's own output (its status for the page; stop() when the box restarts). */
  plugs: PlugOutput[];
}

/**
 * The outputs of a load whose contacts are plugs. The snapshot keeps one confirmation per load, so a load on several
 * plugs (a two-relay pilot wire) reports through its first output only: no answer from any of them is "unreachable",
 * otherwise the first one's contact; the measured power is the sum of what the plugs measure.
 */
export function plugOutputsFor(loadId: string, specs: readonly OutputSpec[], deps: PlugDeps): LoadPlugs {
  const plugs = specs.map((spec, i) => plugOutputFor(specs.length > 1 ? `${loadId}[${i}]` : loadId, spec, deps));
  if (plugs.length <= 1) return { outputs: plugs, plugs };
  const confirmed: (boolean | null | undefined)[] = plugs.map(() => undefined);
  const powers: (number | null)[] = plugs.map(() => null);
  const lead: RemoteOutput = {
    write: (on) => plugs[0].write(on),
    onConfirmed(listener) {
      plugs.forEach((plug, i) =>
        plug.onConfirmed((on) => {
          confirmed[i] = on;
          if (confirmed.indexOf(undefined) >= 0 && on !== null) return; // a plug not heard from yet: wait for it
          listener(confirmed.indexOf(null) >= 0 ? null : (confirmed[0] ?? null));
        }),
      );
    },
    onPower(listener) {
      plugs.forEach((plug, i) =>
        plug.onPower((powerW) => {
          powers[i] = powerW;
          let sum: number | null = 0;
          for (let j = 0; j < powers.length; j++) sum = powers[j] === null || sum === null ? null : sum + (powers[j] as number);
          listener(sum);
        }),
      );
    },
  };
  const rest: DigitalOutput[] = plugs.slice(1).map((plug) => ({ write: (on: boolean) => plug.write(on) }));
  return { outputs: [lead, ...rest], plugs };
}
