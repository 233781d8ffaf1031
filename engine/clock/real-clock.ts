import type { Clock, TimerId } from './clock.ts';

/**
 * Wall-clock time, optionally sped up: with speed N, one real second is N cluster seconds,
 * and every delay the engine waits (back-off, probes, grace periods) shrinks accordingly.
 */
export class RealClock implements Clock {
  readonly mode = 'real' as const;
  private readonly realStart = Date.now();
  private readonly clusterStart: number;
  private readonly handles = new Map<TimerId, NodeJS.Timeout>();
  private nextId = 1;

  constructor(
    private readonly speed = 1,
    private readonly afterTimer: () => void = () => {},
  ) {
    if (!(speed > 0)) throw new RangeError(`clock speed must be positive, got ${speed}`);
    this.clusterStart = this.realStart;
  }

  now(): number {
    return this.clusterStart + (Date.now() - this.realStart) * this.speed;
  }

  setTimer(at: number, task: () => void): TimerId {
    const id = this.nextId++;
    const delay = Math.max(0, (at - this.now()) / this.speed);
    const handle = setTimeout(() => {
      this.handles.delete(id);
      task();
      this.afterTimer();
    }, delay);
    handle.unref();
    this.handles.set(id, handle);
    return id;
  }

  cancelTimer(id: TimerId): void {
    const handle = this.handles.get(id);
    if (handle) clearTimeout(handle);
    this.handles.delete(id);
  }

  stop(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
