import { existsSync, writeFileSync } from 'node:fs';

/** The environment variable naming a file that exists once the run was interrupted. */
export const INTERRUPT_FILE_ENV = 'KUKE_INTERRUPT_FILE';

let interruptedHere = false;

/** Notes a Ctrl-C in this process and tells the run's other processes through the interrupt file. */
export function requestInterrupt(env: NodeJS.ProcessEnv = process.env): void {
  interruptedHere = true;
  const file = env[INTERRUPT_FILE_ENV];
  if (file) writeFileSync(file, `${new Date().toISOString()}\n`);
}

/** Whether the run was interrupted: a Ctrl-C in this process, or in the run's main process. */
export function interruptRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (interruptedHere) return true;
  const file = env[INTERRUPT_FILE_ENV];
  return file !== undefined && file !== '' && existsSync(file);
}

let listening = false;

/**
 * For support code: a Ctrl-C marks the run interrupted instead of killing the process, so the
 * scenario under way finishes and cleans up, and the rest are skipped.
 */
export function listenForInterrupt(): void {
  if (listening) return;
  listening = true;
  process.on('SIGINT', () => {
    interruptedHere = true;
  });
}
