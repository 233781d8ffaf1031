import type { PlannedScenario } from './compare-report.ts';

/** What `kuke compare` hands to the process that runs one target (target-run.process.ts). */
export interface TargetRunInput {
  target: string;
  reportsDir: string;
  paths: string[];
  tags?: string;
  parallel?: number;
  retry?: number;
  seed?: string;
  imports?: string[];
}

export interface TargetRunOutcome {
  target: string;
  ran: boolean;
  success: boolean;
  interrupted: boolean;
  error?: string;
  planned?: PlannedScenario[];
}

/** Written by the target's process beside its reports. */
export const OUTCOME_FILE = 'target-outcome.json';
