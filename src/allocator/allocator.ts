// Priority power allocator (energy-manager style): hands a total power budget to loads in priority order.
// Pure and allocation-light; never decides tariff policy and never switches a load itself.

export interface AllocationRequest {
  id: string;
  /** 0 most important … 4 optional. */
  priority: number;
  requestedW: number;
  /** Can run on less than requested (gets what is left instead of nothing). */
  modulating: boolean;
}

export interface Allocation {
  id: string;
  allocatedW: number;
  /** Budget left when this load's turn came, W. */
  availableW: number;
}

/**
 * Loads sorted by priority (stable: equal priorities keep the caller's order, which is how rotation
 * chooses who waits); each gets its request if it fits, else what is left if it can modulate, else 0.
 * The result is in the caller's order.
 */
export function allocate(totalW: number, requests: readonly AllocationRequest[]): Allocation[] {
  const indexes: number[] = [];
  for (let i = 0; i < requests.length; i++) indexes.push(i);
  indexes.sort((a, b) => requests[a].priority - requests[b].priority || a - b);
  const out: Allocation[] = new Array(requests.length);
  let leftW = totalW > 0 ? totalW : 0;
  for (const i of indexes) {
    const r = requests[i];
    const wantW = r.requestedW > 0 ? r.requestedW : 0;
    let givenW = 0;
    if (wantW <= leftW) givenW = wantW;
    else if (r.modulating) givenW = leftW;
    out[i] = { id: r.id, allocatedW: givenW, availableW: leftW };
    leftW -= givenW;
  }
  return out;
}
