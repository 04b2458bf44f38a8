// The colour of the last Tempo days and whether the box shed on them, for the 7-day strip: a fixed ring of 8.
// Fixed memory; never reads the clock (days come as Tempo day numbers, src/energy/accounts.ts dayKeyAt).

/** Today and the 7 days before it. */
export const DAY_STRIP_DAYS = 8;
/** Bytes held: day number (Int32), colour code and shed flag (Uint8 each): 8 × 6 = 48 B. */
export const DAY_STRIP_BYTES = DAY_STRIP_DAYS * 6;

export interface StripDay {
  dayKey: number;
  /** 0 unknown, 1 blue, 2 white, 3 red. */
  colour: number;
  shed: boolean;
}

export class DayStrip {
  private readonly dayKey = new Int32Array(DAY_STRIP_DAYS).fill(-1);
  private readonly colour = new Uint8Array(DAY_STRIP_DAYS);
  private readonly shed = new Uint8Array(DAY_STRIP_DAYS);

  private cell(dayKey: number): number {
    const i = dayKey % DAY_STRIP_DAYS;
    if (this.dayKey[i] !== dayKey) {
      this.dayKey[i] = dayKey;
      this.colour[i] = 0;
      this.shed[i] = 0;
    }
    return i;
  }

  /** A known colour for the day (unknown never overwrites one). */
  colourOf(dayKey: number, colour: number): void {
    const i = this.cell(dayKey);
    if (colour !== 0) this.colour[i] = colour;
  }

  shedOn(dayKey: number): void {
    this.shed[this.cell(dayKey)] = 1;
  }

  /** The last DAY_STRIP_DAYS days ending at `todayKey`, oldest first; a day the box did not see is unknown. */
  days(todayKey: number): StripDay[] {
    const out: StripDay[] = [];
    for (let day = todayKey - DAY_STRIP_DAYS + 1; day <= todayKey; day++) {
      const i = ((day % DAY_STRIP_DAYS) + DAY_STRIP_DAYS) % DAY_STRIP_DAYS;
      const seen = this.dayKey[i] === day;
      out.push({ dayKey: day, colour: seen ? this.colour[i] : 0, shed: seen && this.shed[i] === 1 });
    }
    return out;
  }
}
