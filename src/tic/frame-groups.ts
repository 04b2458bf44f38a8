// The good groups of the frame in progress, kept in flat arrays indexed by label id (one slot per known label).
// Never grows: its size is fixed by the label table whatever the input, and clearing it allocates nothing.
import { findLabel, TIC_LABELS, type TicLabel } from "./labels";
import type { TicMode } from "./types";

export class FrameGroups {
  /** Mode of the groups held (the decoder refuses the other mode once locked). */
  mode: TicMode = "historic";
  private readonly data: (string | undefined)[] = [];
  private readonly horodates: (string | undefined)[] = [];
  private readonly present = new Uint16Array(TIC_LABELS.length);
  private count = 0;

  constructor() {
    for (let i = 0; i < TIC_LABELS.length; i++) {
      this.data.push(undefined);
      this.horodates.push(undefined);
    }
  }

  get size(): number {
    return this.count;
  }

  hasEntry(entry: TicLabel): boolean {
    return this.data[entry.id] !== undefined;
  }

  /** Record a group; a label seen again in the same frame keeps its last value. */
  set(entry: TicLabel, data: string, horodate: string | undefined): void {
    if (this.data[entry.id] === undefined) this.present[this.count++] = entry.id;
    this.data[entry.id] = data;
    this.horodates[entry.id] = horodate;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) {
      this.data[this.present[i]] = undefined;
      this.horodates[this.present[i]] = undefined;
    }
    this.count = 0;
  }

  /** Data of `label` in this frame's mode, or undefined when the frame has no good group of that label. */
  get(label: string): string | undefined {
    const entry = findLabel(this.mode, label);
    return entry === undefined ? undefined : this.data[entry.id];
  }

  has(label: string): boolean {
    return this.get(label) !== undefined;
  }

  horodate(label: string): string | undefined {
    const entry = findLabel(this.mode, label);
    return entry === undefined ? undefined : this.horodates[entry.id];
  }
}
