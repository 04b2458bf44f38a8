// What the box's loads draw, as both simulated meters see it: a load fact's allocated power while it runs, and
// what each load draws while the box has no power. Host-only; never decides shedding.

import type { Effect, LoadConfig } from "../../src/app/types";

/** Power a load draws after a load fact: its allocated power while on, nothing when off. */
export function drawAfter(fact: Extract<Effect, { type: "load" }>): number {
  return fact.on ? fact.allocatedW : 0;
}

/**
 * What a load draws while the box has no power (outputs released): a heater on an open pilot wire runs at
 * confort, a relay through its normally-closed contact runs, a setpoint load gets nothing.
 */
export function drawUnpowered(load: LoadConfig): number {
  return load.kind === "modulating" ? 0 : load.nominalPowerW;
}

/** Total drawn by the loads, by id. */
export class LoadDraw {
  private readonly byId = new Map<string, number>();

  set(id: string, powerW: number): void {
    this.byId.set(id, powerW);
  }

  apply(fact: Extract<Effect, { type: "load" }>): void {
    this.byId.set(fact.id, drawAfter(fact));
  }

  totalW(): number {
    let w = 0;
    for (const v of this.byId.values()) w += v;
    return w;
  }
}
