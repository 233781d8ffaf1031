export {
  containersMissing,
  podCountsTowardsQuota,
  podUsage,
  REQUIRES_EXPLICIT,
  type Usage,
} from './pod-usage.ts';
export { objectCounts, objectUsage, quotaSelects, relevantUsage } from './usage.ts';
