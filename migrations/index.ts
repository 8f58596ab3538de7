import type { Migration } from 'kysely';
import * as initialSchema from './0001_initial_schema.js';
import * as workflowCheckpoints from './0002_workflow_checkpoints.js';
import * as athleteAttributes from './0003_athlete_attributes.js';
import * as trainingconfigAvailability from './0005_trainingconfig_availability.js';
import * as garminWorkoutPush from './0006_garmin_workout_push.js';
import * as garminSession from './0007_garmin_session.js';
import * as jobQueue from './0008_job_queue.js';
import * as meanMax from './0009_mean_max.js';
import * as modelCalls from './0010_model_calls.js';
import * as zoneChanges from './0011_zone_changes.js';
import * as trainingconfigModels from './0012_trainingconfig_models.js';

/**
 * Every migration, in order. A static list (rather than reading the folder) so the same
 * code runs from TypeScript sources under vitest and from dist/ when built.
 * Add new ones at the end with the next number, and the name to names.ts too (a test checks
 * the two lists agree); never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
  '0002_workflow_checkpoints': workflowCheckpoints,
  '0003_athlete_attributes': athleteAttributes,
  '0005_trainingconfig_availability': trainingconfigAvailability,
  '0006_garmin_workout_push': garminWorkoutPush,
  '0007_garmin_session': garminSession,
  '0008_job_queue': jobQueue,
  '0009_mean_max': meanMax,
  '0010_model_calls': modelCalls,
  '0011_zone_changes': zoneChanges,
  '0012_trainingconfig_models': trainingconfigModels,
};
