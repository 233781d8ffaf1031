/** Raised when engine work keeps producing more work without end (a controller hot loop). */
export class WorkLoopOverflowError extends Error {}

/**
 * The engine's run queue for work due "now": informer notifications, controller syncs,
 * kubelet transitions. Work runs in FIFO order, one task at a time, so a given sequence of
 * API requests and timer firings always produces the same sequence of effects.
 */
export class WorkLoop {
  private queue: Array<() => void> = [];
  private head = 0;
  private draining = false;
  private scheduled = false;
  private readonly maxTasksPerSettle: number;
  private readonly onError: (error: unknown) => void;
  /** Called when work is enqueued outside a drain; the real-time engine uses it to drain soon. */
  onWorkPending: (() => void) | undefined;

  constructor(options: { maxTasksPerSettle?: number; onError?: (error: unknown) => void } = {}) {
    this.maxTasksPerSettle = options.maxTasksPerSettle ?? 5_000_000;
    this.onError = options.onError ?? ((error) => console.error('kuke engine task failed:', error));
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  enqueue(task: () => void): void {
    this.queue.push(task);
    if (!this.draining && !this.scheduled && this.onWorkPending) {
      this.scheduled = true;
      this.onWorkPending();
    }
  }

  /** Runs queued work, and the work it produces, until nothing is left. */
  settle(): void {
    if (this.draining) return;
    this.draining = true;
    this.scheduled = false;
    let ran = 0;
    try {
      while (this.head < this.queue.length) {
        const task = this.queue[this.head]!;
        this.queue[this.head] = noop;
        this.head++;
        if (++ran > this.maxTasksPerSettle) {
          this.queue = [];
          this.head = 0;
          throw new WorkLoopOverflowError(`engine work did not settle after ${this.maxTasksPerSettle} tasks`);
        }
        try {
          task();
        } catch (error) {
          this.onError(error);
        }
        if (this.head > 4096 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
      }
      this.queue = [];
      this.head = 0;
    } finally {
      this.draining = false;
    }
  }
}

function noop(): void {}
