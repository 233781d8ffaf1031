import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private temporary directory per session for its kubeconfig file, removed on close. */
export class SessionFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'kuke-session-'));

  writeKubeconfig(text: string): string {
    const path = join(this.dir, 'kubeconfig');
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
