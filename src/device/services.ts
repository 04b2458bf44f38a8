// The box's network services, platform-free: the HAP server and the captive portal built from hal capabilities.
// Never touches a radio or a pin: main.ts hands in the Moddable network, store and crypto randomness.
import type { Clock, KeyValueStore, Logger, MqttNetwork, Random, ServiceAdvertiser, System, TcpNetwork, Timers, UdpNetwork, Wifi } from "../../hal/types";
import type { Settings } from "../app/types";
import { MqttBridge, type BridgeParts } from "../mqtt/bridge";
import { boxIdOf } from "../mqtt/box-id";
import { thermostatDatabase, type AccessoryInfo } from "../../homekit/accessory";
import type { HapCrypto } from "../../homekit/crypto/types";
import type { AuthPrimitives } from "../auth/primitives";
import { KvPairingStore } from "../../homekit/pairing-store";
import { HapServer } from "../../homekit/server";
import { generateSetupCode } from "../../homekit/setup-code";
import { portalHomeKitHooks } from "../portal/homekit-hooks";
import { CaptivePortal } from "../portal/server";
import { clearPendingSetupCode, readPendingSetupCode } from "../portal/settings";
import type { Device } from "./device";
import { attachLoadSwitches } from "./switch-binding";
import { ThermostatAdapter } from "./thermostat-binding";
import { VictronService } from "../victron/victron-service";

/** The box's mDNS host name: announced as "delesteur.local", and the one .local name its web page serves. */
export const BOX_MDNS_HOST = "delesteur";

export interface ServiceParts {
  device: Device;
  store: KeyValueStore;
  tcp: TcpNetwork;
  udp: UdpNetwork;
  wifi: Wifi;
  system: System;
  clock: Clock;
  timers: Timers;
  random: Random;
  logger: Logger;
  advertiser: ServiceAdvertiser;
  info: AccessoryInfo;
  hapPort: number;
  /** Listen address for HAP (default: every interface); tests pass 127.0.0.1. */
  hapBind?: string;
  /**
   * HAP's crypto: the device passes its native one (hal/moddable/crypto.ts), Node shells and tests the pure-ES @noble
   * one (homekit/crypto/noble.ts). No default, so the firmware never links @noble/curves it would not use.
   */
  crypto: (randomBytes: (length: number) => Uint8Array) => HapCrypto;
  /** The owner password's hashes for the set-up portal (the device's native ones); default: pure-ES @noble. */
  authPrimitives?: AuthPrimitives;
}

export interface BoxServices {
  pairing: KvPairingStore;
  /**
   * MQTT and Home Assistant discovery on the one publish path; connects when the settings (or `configOf`) say so,
   * retries by itself. Start it after the Device: it never delays the meter or shedding.
   */
  startMqtt(network: MqttNetwork, settings: Settings, configOf?: BridgeParts["configOf"]): MqttBridge;
  /** The Victron GX (ESS by the Tempo colour, readings for the surplus) and the owner's surplus topic, as the settings say. */
  startVictron(network: MqttNetwork, settings: Settings): VictronService;
  startHap(): Promise<HapServer>;
  openPortal(onClosed: (reason: string) => void): Promise<{ close(): void }>;
}

export function createServices(parts: ServiceParts): BoxServices {
  const randomBytes = (length: number): Uint8Array => parts.random.fill(new Uint8Array(length));
  const crypto = parts.crypto(randomBytes);
  // The code saved from the portal: the pairing store derives its SRP salt and verifier (written before the
  // constructor returns), then the code itself goes, as DOMAIN §4 asks. A power cut in between re-derives it.
  const pairing = new KvPairingStore({
    store: parts.store,
    crypto,
    setupCode: readPendingSetupCode(parts.store),
    generateSetupCode: () => generateSetupCode(randomBytes),
  });
  clearPendingSetupCode(parts.store);
  const binding = new ThermostatAdapter(parts.device);
  return {
    pairing,
    async startHap() {
      const server = new HapServer({
        network: parts.tcp,
        timers: parts.timers,
        logger: parts.logger,
        crypto,
        store: pairing,
        database: thermostatDatabase(parts.info, binding),
        name: parts.info.name,
        model: parts.info.model,
        port: parts.hapPort,
        bind: parts.hapBind,
        advertiser: parts.advertiser,
      });
      // A Switch per load that is not a pilot-wire heater; the database follows the loads (README "HomeKit").
      // Attached before start, so the c# counts the tree with its Switches from the first announcement.
      attachLoadSwitches(server, parts.device, parts.clock, parts.info, binding);
      await server.start();
      binding.onChange(() => server.refresh());
      return server;
    },
    startMqtt(network, settings, configOf) {
      const bridge = new MqttBridge({
        device: parts.device, network, timers: parts.timers, clock: parts.clock, logger: parts.logger, settings, configOf,
        boxId: boxIdOf(parts.store, parts.random),
        info: { name: parts.info.name, model: parts.info.model, swVersion: parts.info.firmwareRevision },
      });
      bridge.start();
      return bridge;
    },
    startVictron(network, settings) {
      const victron = new VictronService({
        device: parts.device, network, timers: parts.timers, clock: parts.clock, logger: parts.logger, settings,
        clientId: `delesteur-${boxIdOf(parts.store, parts.random)}`,
      });
      victron.start();
      return victron;
    },
    async openPortal(onClosed) {
      const hooks = portalHomeKitHooks(parts.store, parts.random);
      const portal = new CaptivePortal(
        { tcp: parts.tcp, udp: parts.udp, wifi: parts.wifi, store: parts.store, system: parts.system, clock: parts.clock, timers: parts.timers, random: parts.random, logger: parts.logger, authPrimitives: parts.authPrimitives, ...hooks },
        { boxAddress: parts.wifi.address() ?? "192.168.4.1", httpPort: 80, dnsPort: 53, onClosed },
      );
      await portal.start();
      return { close: () => portal.close() };
    },
  };
}
