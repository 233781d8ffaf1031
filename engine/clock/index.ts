export { type Clock, type TimerId, toRfc3339, toRfc3339Micro } from './clock.ts';
export { RealClock } from './real-clock.ts';
export { VirtualClock } from './virtual-clock.ts';
export { WorkLoop, WorkLoopOverflowError } from './work-loop.ts';
