// JSON text of any value, on the device too. XS's JSON.stringify marks each object it enters (to find cycles) and
// cannot mark one that lives in the preloaded, read-only heap: it throws "read only value (in stringify)". Every
// module-level constant of a preloaded module lives there (NO_FORCED, a slice's INITIAL state, a default policy…), and
// state built on them reaches the API, the events, MQTT and the flash store. The replacer hands JSON.stringify a fresh
// shallow copy of each frozen object or array instead (the project freezes its constants; a copy of a runtime-frozen
// object is harmless), and their members pass through it in turn. Node never needed it; the lin build showed it.

function thawed(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || !Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.slice();
  // ArrayBuffer views and other exotic objects are left as JSON.stringify treats them.
  if (ArrayBuffer.isView(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = (value as Record<string, unknown>)[key];
  return copy;
}

/** JSON.stringify that also works on objects preloaded into XS's read-only heap (see above). */
export function jsonText(value: unknown, space?: number): string {
  return JSON.stringify(value, thawed, space);
}
