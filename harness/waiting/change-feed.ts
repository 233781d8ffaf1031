import { type KubeConfig, Watch } from '@kubernetes/client-node';

/**
 * Watches the scenario's namespace (pods and events) with @kubernetes/client-node, so a wait on a
 * real cluster looks again as soon as something changes instead of at its next poll: states that
 * last less than a poll interval (an OOMKilled container about to restart) are still seen.
 */
export class ChangeFeed {
  private waiters: Array<() => void> = [];
  private readonly controllers: AbortController[] = [];
  private stopped = false;

  constructor(
    private readonly config: KubeConfig,
    private readonly namespace: string,
  ) {}

  async start(): Promise<void> {
    for (const resource of ['pods', 'events'])
      await this.watch(`/api/v1/namespaces/${this.namespace}/${resource}`);
  }

  /** Resolves at the next change, or after `timeoutMs` if nothing changes. */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      function done() {
        resolve();
      }
      this.waiters.push(waiter);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const controller of this.controllers) controller.abort();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async watch(path: string): Promise<void> {
    if (this.stopped) return;
    try {
      const controller = await new Watch(this.config).watch(
        path,
        { allowWatchBookmarks: false },
        () => this.wake(),
        () => {
          // The server closed the watch (timeout or error): start it again while the session lasts.
          if (!this.stopped) setTimeout(() => void this.watch(path), 200);
        },
      );
      this.controllers.push(controller);
    } catch {
      // Waits fall back to polling when a cluster refuses watches.
    }
  }
}
