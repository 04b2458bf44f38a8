// The smart plugs of a Node box (host-sim, the Linux box): src/plugs outputs on hal/node's HttpClient and timers.
// Never decides anything: it builds a load's outputs from its `outputs` setting, and stops them on a restart.
import { nodeRandom, nodeTimers } from "../hal/node/clock";
import { NodeHttpClient } from "../hal/node/http-client";
import type { HttpClient, Logger, RemoteOutput } from "../hal/types";
import { NOBLE_AUTH_PRIMITIVES } from "../src/auth/noble-primitives";
import type { LoadWiring } from "../src/device/device";
import type { LoadConfig } from "../src/loads/types";
import { validateOutput, type OutputFieldError } from "../src/plugs/config";
import { plugOutputFor, plugOutputsFor } from "../src/plugs/factory";
import { ExchangeGate, PLUG_IN_FLIGHT_HOST } from "../src/plugs/gate";
import { PlugMqttLink } from "../src/plugs/mqtt-link";
import type { PlugOutput } from "../src/plugs/plug-output";

export interface NodePlugs {
  /** The wiring of a load whose contacts are plugs; undefined for a load on the board's pins. */
  wiringOf(load: LoadConfig): LoadWiring | undefined;
  /**
   * One contact from the Linux box's config (`{"remote": {...}}`, linux/outputs.ts RemoteOutputFactory): the device
   * checked as the settings check it, or the field and why. Released at exit by a best-effort "box absent" command.
   */
  remoteOutput(spec: Record<string, unknown>, context: { loadId: string; contact: number }): { ok: true; output: RemoteOutput; release(): void } | { ok: false; field: string; message: string };
  /** The MQTT plugs' side of the box's MQTT session: hand it to the bridge (MqttBridge.attach). */
  readonly mqttLink: PlugMqttLink;
  /** Every plug built so far (status for the view, tests). */
  plugs(): readonly PlugOutput[];
  /** Stops every plug's retries and polls (the box restarts or quits). */
  stop(): void;
}

export function nodePlugs(logger: Logger, http: HttpClient = new NodeHttpClient()): NodePlugs {
  const built: PlugOutput[] = [];
  const mqttLink = new PlugMqttLink(nodeTimers);
  const deps = { http, timers: nodeTimers, logger, random: nodeRandom, sha256: NOBLE_AUTH_PRIMITIVES.sha256, gate: new ExchangeGate(PLUG_IN_FLIGHT_HOST), mqtt: mqttLink };
  return {
    mqttLink,
    wiringOf(load) {
      if (load.outputs === undefined) return undefined;
      const { outputs, plugs } = plugOutputsFor(load.id, load.outputs, deps);
      built.push(...plugs);
      return { kind: load.kind, outputs };
    },
    remoteOutput(spec, context) {
      const errors: OutputFieldError[] = [];
      const checked = validateOutput(spec, "", errors);
      if (checked === null) return { ok: false, field: (errors[0]?.field ?? "").replace(/^\./, "") || "type", message: errors[0]?.message ?? "invalid" };
      const plug = plugOutputFor(`${context.loadId}[${context.contact}]`, checked, deps);
      built.push(plug);
      return { ok: true, output: plug, release: () => plug.write(false) };
    },
    plugs: () => built,
    stop() {
      for (const plug of built) plug.stop();
      built.length = 0;
    },
  };
}
