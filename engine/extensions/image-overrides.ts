import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';
import type { ApiReply } from '../api/handlers/types.ts';
import { type ImageProfileSet, loadImageProfiles, ProfileError } from '../kubelet/image-profiles/index.ts';

/**
 * The image profiles one engine uses: the shared ones, plus profiles added while it runs (a
 * scenario's "Given image … behaves like …"), which win over the shared ones. Containers started
 * after an override see it.
 */
export class EngineImageProfiles implements ImageProfileSet {
  private current: ImageProfileSet;
  private overrideDir: string | undefined;
  private count = 0;

  constructor(
    private readonly base: ImageProfileSet,
    private readonly loadDirs: (dirs: string[]) => ImageProfileSet = loadImageProfiles,
  ) {
    this.current = base;
  }

  get directories(): readonly string[] {
    return this.current.directories;
  }

  get profiles(): ImageProfileSet['profiles'] {
    return this.current.profiles;
  }

  /**
   * Adds profile documents (YAML). Errors name `source` and the line in it, counting from
   * `firstLine` (a doc string's first line in a feature file).
   */
  add(yaml: string, source: string, firstLine = 1): void {
    this.overrideDir ??= mkdtempSync(join(tmpdir(), 'kuke-images-'));
    const file = join(this.overrideDir, `override-${String(++this.count).padStart(3, '0')}.yaml`);
    writeFileSync(file, yaml);
    try {
      this.current = this.loadDirs([...this.base.directories, this.overrideDir]);
    } catch (error) {
      rmSync(file, { force: true });
      if (error instanceof ProfileError) {
        const line = error.line === undefined ? undefined : error.line + firstLine - 1;
        throw new ProfileError(source, line, error.fieldPath, error.problem);
      }
      throw error;
    }
  }

  dispose(): void {
    if (this.overrideDir) rmSync(this.overrideDir, { recursive: true, force: true });
    this.overrideDir = undefined;
  }
}

export const IMAGES_PATH = '/kuke/v1/images';

/** `POST /kuke/v1/images?source=FILE&line=N` with ImageProfile YAML adds profiles to the running engine. */
export function imageEndpoints(images: EngineImageProfiles): ExtensionEndpoint {
  return (request) => {
    if (request.path !== IMAGES_PATH) return undefined;
    if (request.method !== 'POST')
      return json(405, { message: `${request.method} is not supported on ${IMAGES_PATH}` });
    const source = request.query.get('source') ?? 'image profile';
    const line = Number(request.query.get('line') ?? '1') || 1;
    try {
      images.add(Buffer.from(request.body ?? new Uint8Array()).toString('utf8'), source, line);
      return json(201, { profiles: images.profiles.length });
    } catch (error) {
      return json(400, { message: (error as Error).message });
    }
  };
}

function json(status: number, body: unknown): ApiReply {
  return { kind: 'body', status, contentType: 'application/json', body: JSON.stringify(body) };
}
