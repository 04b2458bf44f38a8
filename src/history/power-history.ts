// The last 24 h of power vs limit in 5-minute slots, with the shed reasons and the tariff of each slot: a fixed ring.
// Fixed memory (typed arrays sized once); never reads the clock: every sample comes with its instant.

/** One slot: a chart of 24 h on a phone is ~300 px wide, so 5 minutes is about one pixel. */
export const POWER_SLOT_MS = 5 * 60_000;
/** 24 h of slots. */
export const POWER_SLOTS = 288;
/**
 * Bytes held: max, mean and limit VA (Uint16, 2 B each), shed mask and tariff (Uint8 each), slot number (Int32):
 * 288 × (3 × 2 + 2 × 1 + 4) = 3,456 B, whatever the uptime.
 */
export const POWER_HISTORY_BYTES = POWER_SLOTS * (3 * 2 + 2 + 4);
/** A VA value this ring cannot hold (Uint16): the meter gave none in that slot. */
export const UNKNOWN_VA = 0xffff;

/** Why loads were off in a slot, one bit per reason (several may be set). */
export const SHED_BITS = Object.freeze({ red_peak: 1, white_peak: 2, overload: 4, meter_lost: 8 });

/** Tariff of a slot: colour code (0 unknown, 1 blue, 2 white, 3 red) × 2 + 1 when in HP. */
export function tariffCode(colour: string, period: "hp" | "hc"): number {
  const c = colour === "blue" ? 1 : colour === "white" ? 2 : colour === "red" ? 3 : 0;
  return c * 2 + (period === "hp" ? 1 : 0);
}

export interface PowerSlot {
  startMs: number;
  /** null: no meter reading in the slot. */
  maxVA: number | null;
  meanVA: number | null;
  limitVA: number;
  shedMask: number;
  tariff: number;
}

export class PowerHistory {
  private readonly maxVA = new Uint16Array(POWER_SLOTS);
  private readonly meanVA = new Uint16Array(POWER_SLOTS);
  private readonly limitVA = new Uint16Array(POWER_SLOTS);
  private readonly shedMask = new Uint8Array(POWER_SLOTS);
  private readonly tariff = new Uint8Array(POWER_SLOTS);
  /** Slot number (ms / POWER_SLOT_MS) each cell holds; -1 = empty. */
  private readonly slotOf = new Int32Array(POWER_SLOTS).fill(-1);
  private sumVA = 0;
  private samples = 0;

  /** One sample; `powerVA` null when the meter gave none (a silent meter still records the limit and the sheds). */
  record(atMs: number, powerVA: number | null, limitVA: number, shedMask: number, tariff: number): void {
    const slot = Math.floor(atMs / POWER_SLOT_MS);
    const i = ((slot % POWER_SLOTS) + POWER_SLOTS) % POWER_SLOTS;
    if (this.slotOf[i] !== slot) {
      this.slotOf[i] = slot;
      this.maxVA[i] = UNKNOWN_VA;
      this.meanVA[i] = UNKNOWN_VA;
      this.shedMask[i] = 0;
      this.sumVA = 0;
      this.samples = 0;
    }
    this.limitVA[i] = clampVA(limitVA);
    this.shedMask[i] |= shedMask;
    this.tariff[i] = tariff;
    if (powerVA === null) return;
    const va = clampVA(powerVA);
    if (this.maxVA[i] === UNKNOWN_VA || va > this.maxVA[i]) this.maxVA[i] = va;
    this.sumVA += va;
    this.samples++;
    this.meanVA[i] = Math.round(this.sumVA / this.samples);
  }

  /** The slots of the 24 h ending at `nowMs`, oldest first (slots the box did not see are left out). */
  slots(nowMs: number): PowerSlot[] {
    const last = Math.floor(nowMs / POWER_SLOT_MS);
    const out: PowerSlot[] = [];
    for (let slot = last - POWER_SLOTS + 1; slot <= last; slot++) {
      const i = ((slot % POWER_SLOTS) + POWER_SLOTS) % POWER_SLOTS;
      if (this.slotOf[i] !== slot) continue;
      out.push({
        startMs: slot * POWER_SLOT_MS,
        maxVA: this.maxVA[i] === UNKNOWN_VA ? null : this.maxVA[i],
        meanVA: this.meanVA[i] === UNKNOWN_VA ? null : this.meanVA[i],
        limitVA: this.limitVA[i],
        shedMask: this.shedMask[i],
        tariff: this.tariff[i],
      });
    }
    return out;
  }
}

function clampVA(va: number): number {
  return va < 0 ? 0 : va >= UNKNOWN_VA ? UNKNOWN_VA - 1 : Math.round(va);
}
