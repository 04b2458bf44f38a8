// Délestage cyclique: which load of a priority tier waits first, turning every rotation period.
// Pure ordering; never switches anything and never reads the clock.

/**
 * Order loads within each priority tier, rotated by the current rotation slot so a different
 * member of a tier that cannot all run is the one left off every `rotationPeriodMs`.
 */
export function rotationOrder<T extends { id: string; priority: number }>(loads: readonly T[], nowMs: number, rotationPeriodMs: number): T[] {
  const slot = rotationSlot(nowMs, rotationPeriodMs);
  const tiers = new Map<number, T[]>();
  for (const load of loads) {
    const tier = tiers.get(load.priority);
    if (tier) tier.push(load);
    else tiers.set(load.priority, [load]);
  }
  const out: T[] = [];
  const priorities = Array.from(tiers.keys()).sort((a, b) => a - b);
  for (const p of priorities) {
    const tier = tiers.get(p) as T[];
    const shift = slot % tier.length;
    for (let i = 0; i < tier.length; i++) out.push(tier[(i + shift) % tier.length]);
  }
  return out;
}

/** Which turn of the rotation `nowMs` falls in (the order within a tier changes when it does). */
export function rotationSlot(nowMs: number, rotationPeriodMs: number): number {
  return rotationPeriodMs > 0 ? Math.floor(nowMs / rotationPeriodMs) : 0;
}
