// The persistence slice: what was last written per store key, and when a frequent internal change is due.
// Pure; decides which persist facts to emit, never writes flash itself and never reads the clock.

import { jsonText } from "../../lib/json";

/** Store keys (≤ 15 characters, hal KeyValueStore). */
export type PersistKey = "owner" | "tariff" | "settings" | "manager";

/** Frequent internal state (the colours) is written at most once per this time; owner acts are written at once. */
export const PERSIST_DEBOUNCE_MS = 5000;

export interface PersistFact {
  type: "persist";
  key: PersistKey;
  value: unknown;
}

export interface PersistenceState {
  /** Last persisted values (JSON text) so flash is written only when something really changed. */
  written: Readonly<Partial<Record<PersistKey, string>>>;
  /** First unsaved colour change: its write waits PERSIST_DEBOUNCE_MS so a burst costs one write. */
  dirtySinceMs: number | null;
}

export function initialPersistence(saved: Partial<Record<PersistKey, unknown>> | undefined): PersistenceState {
  const written: Partial<Record<PersistKey, string>> = {};
  if (saved) for (const key of ["owner", "tariff", "settings", "manager"] as const) if (saved[key] !== undefined) written[key] = jsonText(saved[key]);
  return { written, dirtySinceMs: null };
}

/** A persist fact for `key` when its value differs from what was last written (flash wears out). */
export function persistNow(state: PersistenceState, key: PersistKey, value: unknown, facts: { push(fact: PersistFact): unknown }): PersistenceState {
  const text = jsonText(value);
  if (state.written[key] === text) return state;
  facts.push({ type: "persist", key, value: JSON.parse(text) });
  return { ...state, written: { ...state.written, [key]: text } };
}

/** Mark frequent state dirty (once), and say whether its debounced write is due now. */
export function debounce(state: PersistenceState, moved: boolean, nowMs: number): { state: PersistenceState; due: boolean } {
  let next = state;
  if (next.dirtySinceMs === null && moved) next = { ...next, dirtySinceMs: nowMs };
  if (next.dirtySinceMs !== null && nowMs - next.dirtySinceMs >= PERSIST_DEBOUNCE_MS) return { state: { ...next, dirtySinceMs: null }, due: true };
  return { state: next, due: false };
}
