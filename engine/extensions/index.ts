import type { ExtensionEndpoint } from '../api/handlers/api-handler.ts';

/** Tries each engine extension in turn; the first that recognises the path answers. */
export function combineExtensions(...extensions: ExtensionEndpoint[]): ExtensionEndpoint {
  return (request, user) => {
    for (const extension of extensions) {
      const reply = extension(request, user);
      if (reply) return reply;
    }
    return undefined;
  };
}

export { CLOCK_PATH, clockEndpoints, HEARTBEAT_RESOURCES } from './clock-endpoints.ts';
export { FAULTS_PATH, FaultInjector, type FaultRule, faultEndpoints, faultStatus } from './faults.ts';
export { EngineImageProfiles, IMAGES_PATH, imageEndpoints } from './image-overrides.ts';
export { LOAD_PATH, loadEndpoints } from './load-endpoints.ts';
export { NODES_PATH, nodeEndpoints } from './node-endpoints.ts';
