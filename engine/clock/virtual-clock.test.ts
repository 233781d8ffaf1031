import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTLE_EACH_UP_TO, VirtualClock } from './virtual-clock.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z');

describe('VirtualClock', () => {
  it('fires timers of one instant in the order they were set, then moves to the next instant', () => {
    const clock = new VirtualClock(T0);
    const fired: string[] = [];
    clock.setTimer(T0 + 2_000, () => fired.push('late'));
    clock.setTimer(T0 + 1_000, () => fired.push('first'));
    clock.setTimer(T0 + 1_000, () => fired.push('second'));
    assert.equal(
      clock.step(T0 + 10_000, () => {}),
      true,
    );
    assert.deepEqual(fired, ['first', 'second']);
    assert.equal(clock.now(), T0 + 1_000);
  });

  it('does not move when nothing is due by the deadline', () => {
    const clock = new VirtualClock(T0);
    clock.setTimer(T0 + 5_000, () => {});
    assert.equal(
      clock.step(T0 + 4_999, () => {}),
      false,
    );
    assert.equal(clock.now(), T0);
  });

  it('fires in the same step a timer set for the current instant by a timer', () => {
    const clock = new VirtualClock(T0);
    const fired: string[] = [];
    clock.setTimer(T0 + 1_000, () => {
      fired.push('outer');
      clock.setTimer(T0, () => fired.push('clamped to now'));
    });
    clock.step(T0 + 1_000, () => {});
    assert.deepEqual(fired, ['outer', 'clamped to now']);
  });

  const settling: Array<{ timers: number; settles: number }> = [
    // One settle before the step, one after each of the first SETTLE_EACH_UP_TO timers, one
    // after each further group of SETTLE_EACH_UP_TO, one at the end.
    { timers: 1, settles: 1 + 1 + 1 },
    { timers: SETTLE_EACH_UP_TO, settles: 1 + SETTLE_EACH_UP_TO + 1 },
    { timers: SETTLE_EACH_UP_TO + 1, settles: 1 + SETTLE_EACH_UP_TO + 1 },
    { timers: 1_000, settles: 1 + SETTLE_EACH_UP_TO + Math.floor(1_000 / SETTLE_EACH_UP_TO) - 1 + 1 },
  ];
  for (const { timers, settles } of settling) {
    it(`settles ${settles} times for ${timers} timers due at one instant`, () => {
      const clock = new VirtualClock(T0);
      for (let i = 0; i < timers; i++) clock.setTimer(T0 + 1_000, () => {});
      let count = 0;
      clock.step(T0 + 1_000, () => count++);
      assert.equal(count, settles);
    });
  }

  it('lets work caused by a crowd of timers coalesce, as a busy work queue does', () => {
    const clock = new VirtualClock(T0);
    const queued = new Set<string>();
    let syncs = 0;
    for (let i = 0; i < 1_000; i++) clock.setTimer(T0 + 1_000, () => queued.add('default/web'));
    clock.step(T0 + 1_000, () => {
      if (queued.size > 0) syncs++;
      queued.clear();
    });
    assert.equal(syncs, SETTLE_EACH_UP_TO + Math.floor((1_000 - SETTLE_EACH_UP_TO) / SETTLE_EACH_UP_TO) + 1);
    assert.ok(syncs < 100);
  });

  it('advances to the target through every timer on the way, skipping cancelled ones', () => {
    const clock = new VirtualClock(T0);
    const fired: number[] = [];
    for (const at of [3_000, 1_000, 2_000]) clock.setTimer(T0 + at, () => fired.push(clock.now() - T0));
    const cancelled = clock.setTimer(T0 + 1_500, () => fired.push(-1));
    clock.cancelTimer(cancelled);
    clock.advanceTo(T0 + 2_500, () => {});
    assert.deepEqual(fired, [1_000, 2_000]);
    assert.equal(clock.now(), T0 + 2_500);
    assert.equal(clock.pendingTimers, 1);
    assert.equal(clock.nextTimerAt(), T0 + 3_000);
  });
});
