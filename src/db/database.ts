import type { ActivityTable } from './tables/activity.table.js';
import type { ActivityMeanMaxTable } from './tables/activity-mean-max.table.js';
import type { ZoneChangeTable } from './tables/zone-change.table.js';
import type { AthleteAttributesTable } from './tables/athlete-attributes.table.js';
import type { TrainingConfigAvailabilityTable } from './tables/training-config-availability.table.js';
import type { TrainingConfigModelTable } from './tables/training-config-model.table.js';
import type { AnalysisFileTable } from './tables/analysis-file.table.js';
import type { AnalysisResultTable } from './tables/analysis-result.table.js';
import type { AnalysisTable } from './tables/analysis.table.js';
import type { AnalysisJobTable, AnalysisScheduleTable, ProviderRateBucketTable } from './tables/analysis-job.table.js';
import type { CompetitionTable } from './tables/competition.table.js';
import type { DailyMetricTable } from './tables/daily-metric.table.js';
import type { ModelCallTable } from './tables/model-call.table.js';
import type { GarminAccountTable } from './tables/garmin-account.table.js';
import type { GarminSessionTable } from './tables/garmin-session.table.js';
import type { GarminWorkoutPushTable } from './tables/garmin-workout-push.table.js';
import type { TrainingConfigTable } from './tables/training-config.table.js';
import type { TrainingZoneTable } from './tables/training-zone.table.js';
import type { UserTable } from './tables/user.table.js';

/**
 * Kysely's view of the schema: table names exactly as in shared/seed-schema.md, columns in
 * snake_case. Row types stop at the repositories and services.
 */
export interface Database {
  user: UserTable;
  garminaccount: GarminAccountTable;
  trainingconfig: TrainingConfigTable;
  competition: CompetitionTable;
  analysis: AnalysisTable;
  analysisresult: AnalysisResultTable;
  analysisfile: AnalysisFileTable;
  training_zones: TrainingZoneTable;
  activity: ActivityTable;
  daily_metric: DailyMetricTable;
  athlete_attributes: AthleteAttributesTable;
  trainingconfig_availability: TrainingConfigAvailabilityTable;
  trainingconfig_model: TrainingConfigModelTable;
  analysis_schedule: AnalysisScheduleTable;
  analysis_job: AnalysisJobTable;
  provider_rate_bucket: ProviderRateBucketTable;
  activity_mean_max: ActivityMeanMaxTable;
  model_call: ModelCallTable;
  garmin_session: GarminSessionTable;
  zone_change: ZoneChangeTable;
  garmin_workout_push: GarminWorkoutPushTable;
}

export type { Kysely, Transaction } from 'kysely';
export * from './tables/common.js';
export * from './tables/user.table.js';
export * from './tables/garmin-account.table.js';
export * from './tables/training-config.table.js';
export * from './tables/training-config-availability.table.js';
export * from './tables/training-config-model.table.js';
export * from './tables/competition.table.js';
export * from './tables/training-zone.table.js';
export * from './tables/analysis.table.js';
export * from './tables/analysis-result.table.js';
export * from './tables/analysis-file.table.js';
export * from './tables/activity.table.js';
export * from './tables/daily-metric.table.js';
export * from './tables/athlete-attributes.table.js';
export * from './tables/analysis-job.table.js';
export * from './tables/activity-mean-max.table.js';
export * from './tables/zone-change.table.js';
