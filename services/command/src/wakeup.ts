/**
 * A wait that ends early when `notify` is called; a notification that arrives while nobody
 * waits is kept, so the next `wait` returns at once (nothing slips between a check and a wait).
 */
export class Wakeup {
  #pending = false;
  #resolve: (() => void) | undefined;

  /** Ends the current wait, or the next one if nobody waits. */
  notify(): void {
    const resolve = this.#resolve;
    if (resolve) resolve();
    else this.#pending = true;
  }

  /** Resolves after `ms`, or sooner on `notify`. */
  wait(ms: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#resolve = done;
    });
  }
}
