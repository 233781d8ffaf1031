import { defineParameterType } from '@cucumber/cucumber';
import { STEP_PARAMETER_TYPES } from './parameter-type-definitions.ts';

for (const type of STEP_PARAMETER_TYPES) defineParameterType(type);
