import type { Clock, TimerId } from './clock.ts';
import { TimerQueue } from './timer-queue.ts';

/** Timers of one instant after which the rest are fired in groups of this size (see `step`). */
export const SETTLE_EACH_UP_TO = 32;

/**
 * Cluster time that only moves when told to. Between steps it stands still; while a step
 * waits, the harness moves it from one due timer to the next, so an hour of cluster time
 * costs only the work that happens in it.
 */
export class VirtualClock implements Clock {
  readonly mode = 'virtual' as const;
  private current: number;
  private readonly timers = new TimerQueue();

  constructor(startMs: number) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, task: () => void, label?: string): TimerId {
    return this.timers.add(Math.max(at, this.current), task, label);
  }

  cancelTimer(id: TimerId): void {
    this.timers.cancel(id);
  }

  /** When the next timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.timers.peekTime();
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Fires the timers due at the earliest due time not after `deadline`, in the order they were
   * set, settling the work they cause. Returns false when no timer is due by the deadline (time
   * does not move then).
   *
   * Work is settled after each timer, so controllers see every change on its own. When many
   * timers fall due at one instant (a thousand pods of a rollout starting in the same second),
   * the timers after the first `SETTLE_EACH_UP_TO` are fired in groups of that size with the work
   * settled after each group: the work queues then coalesce their keys, as a busy controller's
   * queue does, and a ReplicaSet is synced once per group instead of once per pod (which made
   * large rollouts quadratic).
   */
  step(deadline: number, settle: () => void): boolean {
    settle();
    const next = this.timers.peekTime();
    if (next === undefined || next > deadline) return false;
    this.current = Math.max(this.current, next);
    let fired = 0;
    for (let due = this.timers.popDue(this.current); due; due = this.timers.popDue(this.current)) {
      due.task();
      fired++;
      if (fired <= SETTLE_EACH_UP_TO || fired % SETTLE_EACH_UP_TO === 0) settle();
    }
    settle();
    return true;
  }

  /** Moves time to `target`, firing every timer due on the way. */
  advanceTo(target: number, settle: () => void): void {
    while (this.step(target, settle)) {
      // each step fires the timers of one instant
    }
    if (target > this.current) this.current = target;
    settle();
  }

  stop(): void {
    this.timers.clear();
  }
}
