// Workflows: a sleep that can be cut short. A wake that arrives while the loop is busy is kept, so
// the next sleep returns at once instead of losing the signal for a whole poll interval.

export class Waker {
  private pending = false;
  private resolve: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.finish(), ms);
    });
  }

  wake(): void {
    if (this.resolve) this.finish();
    else this.pending = true;
  }

  private finish(): void {
    clearTimeout(this.timer);
    const resolve = this.resolve;
    this.resolve = undefined;
    this.pending = false;
    resolve?.();
  }
}
