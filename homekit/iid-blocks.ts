// Stable instance ids for services added and removed at run time (one Switch per load): each key (a load id) keeps
// its block of ids for as long as it exists, and a block is never given to another key. Pure: the pairing store
// persists the record. HAP controllers bind automations and room placement to aid.iid, so an id that moved or
// came back under another load would silently point the owner's scenes at the wrong appliance.

/**
 * First id handed out. The fixed tree (information, protocol, thermostat, tomorrow sensor) uses 1–19 today;
 * 100 leaves it room to grow without ever meeting a run-time block.
 */
export const FIRST_RUNTIME_IID = 100;
/** Ids per block: a load's Switch uses 4 (service, On, Name, ConfiguredName); 10 leaves room for a later characteristic. */
export const IID_BLOCK = 10;
/**
 * Highest id a block may start at. IP controllers accept 64-bit ids, but JSON numbers are exact to 2^53 and a
 * small bound catches a corrupt record; at one new load a day this lasts longer than any relay (10 per block).
 */
export const MAX_RUNTIME_IID = 0x7fff_0000;

/** What the pairing store keeps: the next free block, and each live key's block. */
export interface IidRecord {
  next: number;
  blocks: Record<string, number>;
}

/**
 * The blocks for `keys`: known keys keep theirs, new ones take fresh blocks in order, keys no longer listed are
 * forgotten (their ids are never handed out again). A missing or damaged record starts over from what is valid
 * in it. `changed` says whether the record must be written.
 */
export function allocateIidBlocks(previous: unknown, keys: readonly string[]): { record: IidRecord; changed: boolean } {
  const old = sanitise(previous);
  const blocks: Record<string, number> = {};
  let next = old.next;
  let changed = old.repaired;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (Object.prototype.hasOwnProperty.call(blocks, key)) continue;
    const kept = Object.prototype.hasOwnProperty.call(old.blocks, key) ? old.blocks[key] : undefined;
    if (kept !== undefined) {
      blocks[key] = kept;
      continue;
    }
    if (next > MAX_RUNTIME_IID) throw new Error("homekit: run-time instance ids exhausted");
    blocks[key] = next;
    next += IID_BLOCK;
    changed = true;
  }
  for (const key in old.blocks) if (!Object.prototype.hasOwnProperty.call(blocks, key)) changed = true;
  return { record: { next, blocks }, changed };
}

function isBlockStart(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= FIRST_RUNTIME_IID && value <= MAX_RUNTIME_IID && (value - FIRST_RUNTIME_IID) % IID_BLOCK === 0;
}

function sanitise(previous: unknown): { next: number; blocks: Record<string, number>; repaired: boolean } {
  const blocks: Record<string, number> = {};
  let repaired = false;
  let highest = FIRST_RUNTIME_IID - IID_BLOCK;
  const record = typeof previous === "object" && previous !== null ? (previous as { next?: unknown; blocks?: unknown }) : undefined;
  if (record === undefined && previous !== undefined) repaired = true;
  const given = record !== undefined && typeof record.blocks === "object" && record.blocks !== null ? (record.blocks as Record<string, unknown>) : {};
  const used = new Set<number>();
  for (const key in given) {
    const start = given[key];
    // Two keys on one block cannot both keep it: the first listed does, the other gets a fresh one.
    if (!isBlockStart(start) || used.has(start)) {
      repaired = true;
      continue;
    }
    used.add(start);
    blocks[key] = start;
    if (start > highest) highest = start;
  }
  const givenNext = record?.next;
  let next = highest + IID_BLOCK;
  if (isBlockStart(givenNext) && givenNext > highest) next = givenNext;
  else if (record !== undefined) repaired = true;
  return { next, blocks, repaired };
}
