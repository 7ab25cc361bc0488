import type { CliIo } from './io.js';

/** Show progress only for people watching a terminal: never in CI, pipes or with --quiet. */
export function progressWanted(io: CliIo, quiet: boolean): boolean {
  const ci = io.env['CI'];
  return io.stderrIsTTY && !quiet && (ci === undefined || ci === '' || ci === 'false');
}

/**
 * A one-line status on stderr for runs longer than about a second. Analysis is CPU-bound
 * and synchronous, so the line changes at phase boundaries rather than by a timer.
 */
export class Progress {
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly io: CliIo,
    private readonly enabled: boolean,
    private readonly delayMs = 1000,
  ) {}

  phase(label: string): void {
    if (!this.enabled || Date.now() - this.started < this.delayMs) return;
    this.io.writeErr(`\r\x1b[2K${label}…`);
    this.shown = true;
  }

  /** Erase the status line before results are printed. */
  done(): void {
    if (this.shown) this.io.writeErr('\r\x1b[2K');
    this.shown = false;
  }
}
