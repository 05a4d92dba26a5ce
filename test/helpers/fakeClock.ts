// A clock tests move by hand: timers fire in time order as `advance` passes them, with the promise
// callbacks they start settled in between, so schedules and back-offs are tested without waiting.
import type { Clock } from '../../engine/src/ecs/service';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: Date) {
    this.time = start.getTime();
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** When the earliest pending timer fires, if any. */
  get nextTimerAt(): Date | undefined {
    const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
    return next ? new Date(next.at) : undefined;
  }

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.at;
      next.callback();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks run (several turns: they chain). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
