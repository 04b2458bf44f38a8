// HomeKit Switches ↔ Device: one Switch per load that is not a pilot-wire heater (the Thermostat covers heating).
// On shows whether the load runs now; a write forces the other state for the owner's HomeKit duration, or gives
// the load back to automatic when automatic already does what was asked. Never decides: the Controller does.
import type { Clock } from "../../hal/types";
import { HAP_STATUS } from "../../homekit/catalog";
import { thermostatDatabase, type AccessoryInfo, type LoadSwitch, type ThermostatBinding } from "../../homekit/accessory";
import type { HapServer } from "../../homekit/server";
import type { LoadKind, LoadOverride, LoadSnapshot } from "../app/types";
import { peakEndAfterMs } from "../tariff/tempo-calendar";
import type { Device } from "./device";

/**
 * Which loads get a Switch. A pilot-wire heater is heating: the Thermostat's HEAT already cancels its shedding
 * (and a Switch per radiator would be a second, conflicting control). Every other kind is an appliance the owner
 * may want to start or stop by hand: a relay (pump, washing machine), a water heater, an SG-Ready heat pump
 * (forced on = state 4, forced off = state 1 "lock"), a modulating load (forced on = its full power).
 */
export function hasSwitch(kind: LoadKind | string): boolean {
  return kind !== "fil-pilote-1" && kind !== "fil-pilote-2";
}

/** What automatic does with the load: its decision, or what it wants once an anti-chatter hold ends. */
export function autoWantsOn(load: Pick<LoadSnapshot, "level" | "held">): boolean {
  return load.held !== undefined ? load.held.wantsOn : load.level !== "off";
}

/**
 * When a forcing from HomeKit ends: the owner's HEAT duration (setting heatDurationMs, the one duration HomeKit
 * forcings already use), or like HEAT without it, at the end of the peak period (22:00 local). A Switch has no way
 * to ask for a duration, so it uses the one the owner chose for the Thermostat.
 */
export function forcingEndMs(heatDurationMs: number | null | undefined, nowMs: number): number {
  return heatDurationMs !== null && heatDurationMs !== undefined ? nowMs + heatDurationMs : peakEndAfterMs(nowMs);
}

/**
 * A forced "on" that left the load off, and not merely waiting for its minimum off time: the Controller holds it
 * off for safety (overload, an overrun in progress). HomeKit hears a refusal rather than a forcing that waits hidden.
 */
export function blockedOn(load: Pick<LoadSnapshot, "on" | "held">): boolean {
  return !load.on && !(load.held !== undefined && load.held.wantsOn);
}

/** The part of the Device the Switches use (a test may hand in its own). */
export type SwitchDevice = Pick<Device, "snapshot" | "command" | "subscribe" | "settings">;

/** The loads that have a Switch, in the settings' order, and their names: the database changes when `ids` do. */
export function switchLoads(loads: readonly Pick<LoadSnapshot, "id" | "kind">[]): string[] {
  const ids: string[] = [];
  for (let i = 0; i < loads.length; i++) if (hasSwitch(loads[i].kind)) ids.push(loads[i].id);
  return ids;
}

export class LoadSwitchAdapter {
  private readonly listeners: ((idsChanged: boolean) => void)[] = [];
  private ids: string[];
  /** Inside one of our own writes: the server answers the writer and tells the others itself, after the write. */
  private writing = false;

  constructor(
    private readonly device: SwitchDevice,
    private readonly clock: Clock,
  ) {
    this.ids = switchLoads(device.snapshot()?.loads ?? []);
    device.subscribe((update) => {
      if (this.writing) return;
      const ids = switchLoads(update.snapshot().loads);
      const idsChanged = ids.join("\n") !== this.ids.join("\n");
      if (idsChanged) this.ids = ids;
      else {
        let loadFact = false;
        for (let i = 0; i < update.facts.length; i++) if (update.facts[i].type === "load") loadFact = true;
        if (!loadFact) return;
      }
      for (const listener of this.listeners) listener(idsChanged);
    });
  }

  /** Called when a load started or stopped outside a HomeKit write, or when the loads with a Switch changed. */
  onChange(listener: (idsChanged: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Load ids that have a Switch now. */
  switchIds(): readonly string[] {
    return this.ids;
  }

  /** The Switches, each at the instance ids `iids` gives its load. */
  switches(iids: ReadonlyMap<string, number>): LoadSwitch[] {
    return this.ids.map((id) => ({
      iid: iids.get(id) as number,
      name: () => this.load(id)?.name || id,
      read: () => this.load(id)?.on ?? false,
      write: (on: boolean) => this.write(id, on),
    }));
  }

  /**
   * The owner flipped the Switch. Automatic already does `on`: the override (if any) is cleared. Otherwise `on` is
   * forced until forcingEndMs. A forced "on" the Controller holds off for safety is undone and refused (-70412)
   * with the value in force, which the server sends back to every controller.
   */
  write(loadId: string, on: boolean): boolean | { status: number; value?: boolean } {
    const before = this.load(loadId);
    if (before === undefined) return { status: HAP_STATUS.ResourceDoesNotExist };
    this.writing = true;
    try {
      if (before.override !== "auto" && this.override(loadId, "auto") !== undefined) return { status: HAP_STATUS.NotAllowedInCurrentState, value: before.on };
      let now = this.load(loadId) as LoadSnapshot;
      if (autoWantsOn(now) === on) return now.on;
      const untilMs = forcingEndMs(this.device.settings()?.heatDurationMs, this.nowMs());
      const refused = this.override(loadId, on ? "on" : "off", untilMs);
      now = this.load(loadId) as LoadSnapshot;
      if (refused !== undefined || (on && blockedOn(now))) {
        this.override(loadId, before.override, before.overrideUntilMs);
        return { status: HAP_STATUS.NotAllowedInCurrentState, value: (this.load(loadId) ?? now).on };
      }
      return now.on;
    } finally {
      this.writing = false;
    }
  }

  private override(loadId: string, override: LoadOverride, untilMs?: number): string | undefined {
    const command = override === "auto" || untilMs === undefined ? { type: "load-override" as const, loadId, override } : { type: "load-override" as const, loadId, override, untilMs };
    return this.device.command(command).refused;
  }

  private load(id: string): LoadSnapshot | undefined {
    const loads = this.device.snapshot()?.loads ?? [];
    for (let i = 0; i < loads.length; i++) if (loads[i].id === id) return loads[i];
    return undefined;
  }

  private nowMs(): number {
    return this.clock.nowMs();
  }
}

/**
 * Serve the Thermostat and a Switch per load on `server`, and keep it so: a load added, removed or changed to or
 * from a pilot wire rebuilds the database (new c#, announced), a load that starts or stops is an event.
 * Returns the adapter (tests write through it).
 */
export function attachLoadSwitches(server: HapServer, device: SwitchDevice, clock: Clock, info: AccessoryInfo, thermostat: ThermostatBinding): LoadSwitchAdapter {
  const adapter = new LoadSwitchAdapter(device, clock);
  const rebuild = (): void => server.setDatabase(thermostatDatabase(info, thermostat, adapter.switches(server.pairingStore.serviceIids(adapter.switchIds()))));
  rebuild();
  adapter.onChange((idsChanged) => (idsChanged ? rebuild() : server.refresh()));
  return adapter;
}
