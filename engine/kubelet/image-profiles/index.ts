// Image behaviour profiles: what a container of a given image, command and arguments does on the bundled kubelet.
import { fileURLToPath } from 'node:url';

export type {
  ContainerBehaviour,
  ExecAnswer,
  HttpAnswer,
  LogLine,
  PullOutcome,
} from './container-behaviour.ts';
export { type ImageReference, parseImageReference } from './image-reference.ts';
export {
  type ImageProfileSet,
  type LoadedImageProfile,
  loadImageProfiles,
  ProfileError,
} from './loader.ts';
export type { Behaviour, ImageProfile } from './profile.schema.ts';
export {
  type ContainerSpec,
  findImageProfile,
  type ResolveContext,
  resolveContainerBehaviour,
} from './resolve.ts';

/** The directory of the profiles shipped with kuke (fixtures/images). */
export const BUNDLED_IMAGE_PROFILES_DIR = fileURLToPath(new URL('../../../fixtures/images', import.meta.url));
