import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProgress, progressText } from '../../src/cli/progress';

/** A hand-cranked clock and timer. */
function fakeTime() {
  let time = 0;
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  return {
    now: () => time,
    setTimer: (callback: () => void, ms: number) => {
      const timer = { at: time + ms, callback, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    advance: (ms: number) => {
      time += ms;
      for (const timer of timers) {
        if (!timer.cancelled && timer.at <= time) {
          timer.cancelled = true;
          timer.callback();
        }
      }
    },
  };
}

const CLEAR = '\r\u001b[2K';

void describe('progress line', () => {
  void test('nothing at all when stderr is not a TTY', () => {
    const out: string[] = [];
    const clock = fakeTime();
    const progress = createProgress({ write: (text) => out.push(text), isTTY: false, now: clock.now, setTimer: clock.setTimer });
    clock.advance(5000);
    progress.update(1, 2, 'parsing');
    progress.finish();
    assert.deepEqual(out, []);
  });

  void test('a scan shorter than a second shows nothing', () => {
    const out: string[] = [];
    const clock = fakeTime();
    const progress = createProgress({ write: (text) => out.push(text), isTTY: true, now: clock.now, setTimer: clock.setTimer });
    progress.update(1, 10, 'reading');
    clock.advance(900);
    progress.update(9, 10, 'reading');
    progress.finish();
    clock.advance(5000);
    assert.deepEqual(out, []);
  });

  void test('after a second: drawn in place, throttled, and cleared at the end', () => {
    const out: string[] = [];
    const clock = fakeTime();
    const progress = createProgress({ write: (text) => out.push(text), isTTY: true, now: clock.now, setTimer: clock.setTimer });
    progress.update(3, 40, 'reading');
    clock.advance(1000); // the timer draws the latest state even without a new update
    assert.deepEqual(out, [`${CLEAR}Scanning: reading · 3/40 files`]);
    clock.advance(10);
    progress.update(4, 40, 'reading'); // throttled: 10 ms after the last draw
    assert.equal(out.length, 1);
    clock.advance(100);
    progress.update(20, 40, 'parsing');
    assert.equal(out[1], `${CLEAR}Scanning: parsing · 20/40 files`);
    progress.finish();
    progress.finish();
    assert.deepEqual(out.slice(2), [CLEAR]);
    progress.update(40, 40, 'done');
    assert.equal(out.length, 3, 'nothing after finish');
  });

  void test('cut to the terminal width so it never wraps', () => {
    const out: string[] = [];
    const clock = fakeTime();
    const progress = createProgress({ write: (text) => out.push(text), isTTY: true, columns: 20, now: clock.now, setTimer: clock.setTimer });
    progress.update(123, 4567, 'resolving callers');
    clock.advance(1000);
    assert.equal(out[0], `${CLEAR}Scanning: resolving`);
    assert.equal(out[0].length - CLEAR.length, 19);
  });

  void test('text', () => {
    assert.equal(progressText(0, 0, ''), 'Scanning…');
    assert.equal(progressText(5, 0, 'walking'), 'Scanning: walking · 5 files');
    assert.equal(progressText(50, 10, ''), 'Scanning: 10/10 files');
  });
});
