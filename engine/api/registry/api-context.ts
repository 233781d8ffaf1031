import type { AdmissionChain } from '../../admission/chain.ts';
import type { Clock } from '../../clock/clock.ts';
import type { ObjectStore } from '../../store/store.ts';
import type { Random } from '../../util/random.ts';
import type { ResourceRegistry } from '../resources/registry.ts';

/** Shared state of one engine's API: storage, time, randomness, served types and admission. */
export interface ApiContext {
  store: ObjectStore;
  clock: Clock;
  random: Random;
  resources: ResourceRegistry;
  admission: AdmissionChain;
}
