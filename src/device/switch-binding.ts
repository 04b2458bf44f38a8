// HomeKit Switches ↔ Device: one Switch per load that is not a pilot-wire heater (the Thermostat covers heating).
// On shows whether the load runs now; a write forces the other state for the owner's HomeKit duration, or gives
// the load back to automatic when automatic already does what was asked. Never decides: the Controller does.
import type { Clock } from "../../hal/types";
import { HAP_STATUS, type HapValue } from "../../homekit/catalog";
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

/** The loads that have a Switch, in the settings' order, with their names: the tree is rebuilt when this changes. */
export function switchLoads(loads: readonly Pick<LoadSnapshot, "id" | "kind" | "name">[]): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (let i = 0; i < loads.length; i++) if (hasSwitch(loads[i].kind)) out.push({ id: loads[i].id, name: loads[i].name || loads[i].id });
  return out;
}

function signatureOf(loads: readonly { id: string; name: string }[]): string {
  let text = "";
  for (let i = 0; i < loads.length; i++) text += `${loads[i].id}\n${loads[i].name}\n`;
  return text;
}

/** One load's Switch as the database's On target: fields and prototype methods, no closure (see LoadSwitch). */
class SwitchHandle implements LoadSwitch {
  constructor(
    private readonly adapter: LoadSwitchAdapter,
    private readonly loadId: string,
    readonly iid: number,
    readonly name: string,
  ) {}

  read(): boolean {
    return this.adapter.isOn(this.loadId);
  }

  write(value: HapValue): boolean | { status: number; value?: boolean } {
    return this.adapter.write(this.loadId, value === true);
  }
}

export class LoadSwitchAdapter {
  private readonly listeners: ((treeChanged: boolean) => void)[] = [];
  private loads: { id: string; name: string }[];
  private signature: string;
  /** The list was read from a running Device (before start there is no snapshot). */
  private known: boolean;
  /** Inside one of our own writes: the server answers the writer and tells the others itself, after the write. */
  private writing = false;

  constructor(
    private readonly device: SwitchDevice,
    private readonly clock: Clock,
  ) {
    const snapshot = device.snapshot();
    this.loads = switchLoads(snapshot?.loads ?? []);
    this.signature = signatureOf(this.loads);
    this.known = snapshot !== undefined;
    device.subscribe((update) => {
      if (this.writing) return;
      const facts = update.facts;
      let loadFact = false;
      let settingsFact = false;
      for (let i = 0; i < facts.length; i++) {
        const fact = facts[i];
        if (fact.type === "load") loadFact = true;
        else if (fact.type === "persist" && fact.key === "settings") settingsFact = true;
      }
      // Only a settings change can add, remove or rename a load: the list is compared then (and on the first
      // update when the Device had not started yet).
      let treeChanged = false;
      if (settingsFact || !this.known) {
        this.known = true;
        const loads = switchLoads(update.snapshot().loads);
        const signature = signatureOf(loads);
        if (signature !== this.signature) {
          this.loads = loads;
          this.signature = signature;
          treeChanged = true;
        }
      }
      if (!treeChanged && !loadFact) return;
      for (const listener of this.listeners) listener(treeChanged);
    });
  }

  /** Called when a load started or stopped outside a HomeKit write, or when the loads with a Switch changed. */
  onChange(listener: (treeChanged: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Load ids that have a Switch now. */
  switchIds(): string[] {
    return this.loads.map((l) => l.id);
  }

  /** The Switches, each at the instance ids `iids` gives its load. */
  switches(iids: ReadonlyMap<string, number>): LoadSwitch[] {
    return this.loads.map((l) => new SwitchHandle(this, l.id, iids.get(l.id) as number, l.name));
  }

  /** Whether the load runs now (false for a load that just went: its Switch goes with the next tree). */
  isOn(loadId: string): boolean {
    return this.load(loadId)?.on ?? false;
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
  adapter.onChange((treeChanged) => (treeChanged ? rebuild() : server.refresh()));
  return adapter;
}
