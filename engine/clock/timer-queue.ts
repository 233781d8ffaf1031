import type { TimerId } from './clock.ts';

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  task: () => void;
  label: string;
}

/**
 * A binary min-heap of timers ordered by due time, then by insertion order, so timers due at
 * the same instant always fire in the order they were set (determinism under a seed).
 */
export class TimerQueue {
  private heap: Timer[] = [];
  private live = new Set<TimerId>();
  private nextId = 1;
  private seq = 0;

  get size(): number {
    return this.live.size;
  }

  add(at: number, task: () => void, label = ''): TimerId {
    const timer: Timer = { id: this.nextId++, at, seq: this.seq++, task, label };
    this.heap.push(timer);
    this.live.add(timer.id);
    this.siftUp(this.heap.length - 1);
    return timer.id;
  }

  cancel(id: TimerId): void {
    this.live.delete(id);
  }

  /** Due time of the earliest live timer. */
  peekTime(): number | undefined {
    this.dropCancelledTop();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest live timer if it is due at or before `time`. */
  popDue(time: number): { task: () => void; label: string; at: number } | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    if (!top || top.at > time) return undefined;
    this.removeTop();
    this.live.delete(top.id);
    return top;
  }

  clear(): void {
    this.heap = [];
    this.live.clear();
  }

  private dropCancelledTop(): void {
    for (let top = this.heap[0]; top && !this.live.has(top.id); top = this.heap[0]) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
