/**
 * The names of every migration in `index.ts`, in the same order. Every command checks them
 * against `kysely_migration` before it runs (src/db/migration-check.ts); only this list is
 * loaded for that, not the migrations' code. A test keeps the two lists equal.
 */
export const MIGRATION_NAMES: readonly string[] = [
  '0001_initial_schema',
  '0002_workflow_checkpoints',
  '0003_athlete_attributes',
  '0005_trainingconfig_availability',
  '0006_garmin_workout_push',
  '0007_garmin_session',
  '0008_job_queue',
  '0009_mean_max',
  '0010_model_calls',
  '0011_zone_changes',
  '0012_trainingconfig_models',
];
