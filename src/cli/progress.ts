/**
 * A one-line progress bar on an interactive terminal (stderr), redrawn at most every 100 ms and
 * only once the work has run for a moment, so quick scans print nothing extra. Silent when the
 * stream is not a TTY (CI logs, pipes).
 */
export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly label: string;
  private readonly startedAt = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(stream: NodeJS.WriteStream, label: string) {
    this.stream = stream;
    this.label = label;
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.startedAt < 300 || (now - this.lastDraw < 100 && done < total)) return;
    this.lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 40));
    const ratio = total === 0 ? 1 : done / total;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const seconds = ((now - this.startedAt) / 1000).toFixed(1);
    this.stream.write(`\r${this.label} ${bar} ${done}/${total} files ${seconds}s\x1b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
