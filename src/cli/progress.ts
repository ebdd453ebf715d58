/**
 * The progress line on stderr: only on a TTY, only once a scan has run for longer than a second, redrawn in
 * place (at most every 100 ms) and erased when the scan ends, so nothing of it stays in the terminal.
 */

export interface ProgressOptions {
  write: (text: string) => void;
  /** False: the reporter does nothing at all. */
  isTTY: boolean;
  /** Terminal width; the line is cut to fit so it never wraps (a wrapped line cannot be erased). */
  columns?: number;
  /** Defaults to 1000 ms. */
  delayMs?: number;
  /** Defaults to 100 ms. */
  intervalMs?: number;
  /** Injectable clock and timer, for tests. */
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => { cancel(): void };
}

export interface Progress {
  /** Pass as ScanOptions.onProgress. */
  update(done: number, total: number, phase: string): void;
  /** Erases the line if one was drawn. Safe to call twice. */
  finish(): void;
}

const CLEAR_LINE = '\r\u001b[2K';

function defaultTimer(callback: () => void, ms: number): { cancel(): void } {
  const handle = setTimeout(callback, ms);
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
}

/** `Scanning: parsing · 120/450 files` */
export function progressText(done: number, total: number, phase: string): string {
  const files = total > 0 ? `${Math.min(done, total)}/${total} files` : done > 0 ? `${done} files` : '';
  const parts = [phase.trim(), files].filter((part) => part !== '');
  return parts.length === 0 ? 'Scanning…' : `Scanning: ${parts.join(' · ')}`;
}

export function createProgress(options: ProgressOptions): Progress {
  if (!options.isTTY) return { update: () => undefined, finish: () => undefined };

  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? defaultTimer;
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const start = now();

  let state = { done: 0, total: 0, phase: '' };
  let visible = false;
  let finished = false;
  let lastDraw = -Infinity;

  const draw = (): void => {
    if (finished) return;
    let text = progressText(state.done, state.total, state.phase);
    const width = (options.columns ?? 80) - 1;
    if (width > 0 && text.length > width) text = text.slice(0, width);
    options.write(CLEAR_LINE + text);
    visible = true;
    lastDraw = now();
  };

  // Draw after the delay even if the analyzer is silent in a long phase.
  const timer = setTimer(draw, delayMs);

  return {
    update(done, total, phase) {
      state = { done, total, phase };
      const time = now();
      if (time - start >= delayMs && time - lastDraw >= intervalMs) draw();
    },
    finish() {
      if (finished) return;
      timer.cancel();
      if (visible) options.write(CLEAR_LINE);
      finished = true;
    },
  };
}
