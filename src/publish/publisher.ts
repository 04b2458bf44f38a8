// The one publish path: after every transition, its facts, the presentation they changed and the snapshot reach
// every observer (HomeKit, LEDs, web page, MQTT, logs) the same way. Never decides and never re-enters the core.

import type { ControllerSnapshot, Effect } from "../app/types";
import type { Presentation } from "./presentation";

export interface Update {
  nowMs: number;
  facts: readonly Effect[];
  presentation: readonly Presentation[];
  /** The state after the transition (built on first call, shared by observers). */
  snapshot(): ControllerSnapshot;
}

export type Observer = (update: Update) => void;

export class Publisher {
  private readonly observers: Observer[] = [];
  private publishing = false;
  private readonly queued: Update[] = [];

  /** Returns how to unsubscribe. */
  subscribe(observer: Observer): () => void {
    this.observers.push(observer);
    return () => {
      const i = this.observers.indexOf(observer);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /**
   * Deliver one update to every observer, in subscription order. An observer that causes another transition
   * (a command from inside an observer) gets that update after this one has reached everyone, never nested.
   */
  publish(update: Update): void {
    if (this.publishing) {
      this.queued.push(update);
      return;
    }
    this.publishing = true;
    try {
      let next: Update | undefined = update;
      while (next) {
        for (const observer of this.observers.slice()) observer(next);
        next = this.queued.shift();
      }
    } finally {
      this.publishing = false;
    }
  }
}
