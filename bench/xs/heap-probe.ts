// The xsnap-heap runner's heap meters (bench/xs/xsnap-heap.mjs installs them as globals) and the two measures every
// heap bench takes with them: what is live after a collection, and the most a step adds while it runs.
declare const gc: () => void;
declare const heapStats: (reset: boolean) => { chunks: number; peakChunks: number; slots: number; peakSlots: number };
declare const heapStress: (on: boolean) => void;

export interface Heap {
  chunks: number;
  slots: number;
}

/** Live heap after a full collection. */
export function live(): Heap {
  gc();
  const s = heapStats(false);
  return { chunks: s.chunks, slots: s.slots };
}

/**
 * The most chunk bytes and slots live at once during `step`, above what was live before it. A collection runs
 * before every allocation while it runs, so garbage never counts: this is what the heap must hold, not what a lazy
 * collector let pile up. With `warm` the step runs once before, so first-use caches are not charged to it (a step
 * that consumes its input, like the next meter frame, is measured cold).
 */
export function peakAdded(step: () => void, warm = true): Heap {
  if (warm) step();
  gc();
  const before = heapStats(true);
  heapStress(true);
  step();
  heapStress(false);
  const after = heapStats(false);
  return { chunks: after.peakChunks - before.chunks, slots: after.peakSlots - before.slots };
}

/** Everything `step` allocates, garbage included (no collection in between): what the collector must later sweep. */
export function allocated(step: () => void): Heap {
  gc();
  const before = heapStats(false);
  step();
  const after = heapStats(false);
  return { chunks: after.chunks - before.chunks, slots: after.slots - before.slots };
}
