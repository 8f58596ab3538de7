import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database.js';
import type { FactsInput } from '../analytics/facts-input.js';
import { addDays } from '../analytics/calendar.js';
import { PREVIOUS_PLAN_MAX_AGE_DAYS, previousPlanInput } from '../analytics/compliance.js';
import { findPlanBefore } from './plans.repository.js';
import { curveWindows, historyWindows } from '../analytics/history-windows.js';
import type { CurveWindow, MeanMaxPointInput } from '../analytics/facts-input.js';
import { type MeanMaxPeriod, meanMaxBestByPeriod } from './mean-max.repository.js';
import { UserError } from '../errors.js';

type Db = Kysely<Database> | Transaction<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything `buildFacts` needs for one user and training config, read with user-scoped
 * queries (every query filters by `userId`; zones and races through their config, which
 * must belong to the user). Activities are read from the start of the load history
 * (max(activities_days, 365) days) and daily metrics from the wellness history
 * (max(metrics_days, 90) days), as `historyWindows` (src/analytics/history-windows.ts) defines.
 * Only the analytics types and small pure functions (windows, dates, reading a stored plan) are imported from analytics.
 */
export async function loadFactsInput(
  db: Db,
  options: { userId: string; configId: string; today: string; /** IANA zone for activity dates; default UTC. */ timeZone?: string },
): Promise<FactsInput> {
  const { userId, configId, today } = options;
  // A malformed id is "not found", not a database error (Postgres rejects non-uuid text).
  if (!UUID.test(userId)) throw new UserError('user not found');
  if (!UUID.test(configId)) throw new UserError('training config not found');
  // Round trips, not rows, are what an analysis's loading costs on a server (a worker runs
  // many): the user, the config and the stated sex come in one query, then everything else
  // in one parallel wave (the activity window needs the config's days).
  const head = await db
    .selectFrom('user')
    .leftJoin('trainingconfig', (join) => join.on('trainingconfig.id', '=', configId).onRef('trainingconfig.user_id', '=', 'user.id'))
    .leftJoin('athlete_attributes', 'athlete_attributes.user_id', 'user.id')
    .select([
      'user.full_name',
      'trainingconfig.id as config_id',
      'trainingconfig.activities_days',
      'trainingconfig.metrics_days',
      'athlete_attributes.sex',
      'athlete_attributes.sex_source',
    ])
    .where('user.id', '=', userId)
    .executeTakeFirst();
  if (!head) throw new UserError('user not found');
  if (!head.config_id) throw new UserError('training config not found');
  const user = { full_name: head.full_name };
  const config = { activities_days: head.activities_days!, metrics_days: head.metrics_days! };
  const stated = head.sex && head.sex_source ? { sex: head.sex } : null;

  const windows = historyWindows(today, config);
  // One day of slack either side: start_time is an instant, the window is calendar days.
  const activitiesFromInstant = new Date(`${windows.historyFrom}T00:00:00Z`);
  activitiesFromInstant.setUTCDate(activitiesFromInstant.getUTCDate() - 1);
  const activitiesToInstant = new Date(`${today}T00:00:00Z`);
  activitiesToInstant.setUTCDate(activitiesToInstant.getUTCDate() + 2);

  // The curves of every window, from one query over activity_mean_max (UTC days).
  const windowsOfCurves = Object.entries(curveWindows(today)) as Array<[CurveWindow, { from: string | null; to: string }]>;
  const curvePeriods = Object.fromEntries(windowsOfCurves.map(([name, range]) => [
    name, { from: range.from ? new Date(`${range.from}T00:00:00Z`) : null, to: new Date(`${range.to}T00:00:00Z`) },
  ])) as Record<CurveWindow, MeanMaxPeriod>;

  const [activities, dailyMetrics, zones, races, previous, bestByWindow] = await Promise.all([
    db
      .selectFrom('activity')
      .select([
        'id',
        'name',
        'sport',
        'sub_sport',
        'start_time',
        'elapsed_time_s',
        'moving_time_s',
        'distance_m',
        'avg_hr',
        'max_hr',
        'avg_power',
        'normalized_power',
        'avg_speed_mps',
        'hr_time_in_zones',
        'power_time_in_zones',
        'best_efforts',
        'load_inputs',
        'garmin_training_load',
        'laps',
      ])
      .where('user_id', '=', userId)
      .where('start_time', '>=', activitiesFromInstant)
      .where('start_time', '<', activitiesToInstant)
      .orderBy('start_time')
      .execute(),
    db
      .selectFrom('daily_metric')
      .select([
        'date', 'resting_hr', 'hrv_nightly_avg', 'sleep_duration_s', 'sleep_score', 'vo2max', 'weight_kg',
        'training_readiness', 'body_battery_high', 'body_battery_low', 'stress_avg', 'hrv_status',
        // Garmin's training status and race predictions, kept in `raw` by the sync (no seed columns).
        sql<unknown>`raw -> 'garmin_training_status'`.as('garmin_training_status'),
        sql<unknown>`raw -> 'garmin_race_predictions'`.as('garmin_race_predictions'),
      ])
      .where('user_id', '=', userId)
      .where('date', '>=', windows.metricsHistoryFrom)
      .where('date', '<=', today)
      .orderBy('date')
      .execute(),
    db
      .selectFrom('training_zones')
      .innerJoin('trainingconfig', 'trainingconfig.id', 'training_zones.training_config_id')
      .select(['training_zones.discipline', 'training_zones.metric_description', 'training_zones.zone_value'])
      .where('trainingconfig.user_id', '=', userId)
      .where('training_zones.training_config_id', '=', configId)
      .orderBy('training_zones.created_at')
      .execute(),
    db
      .selectFrom('competition')
      .innerJoin('trainingconfig', 'trainingconfig.id', 'competition.training_config_id')
      .select(['competition.id', 'competition.name', 'competition.date', 'competition.race_type', 'competition.priority', 'competition.target_time'])
      .where('trainingconfig.user_id', '=', userId)
      .where('competition.training_config_id', '=', configId)
      .orderBy('competition.date')
      .execute(),
    findPlanBefore(db, userId, configId, today, addDays(today, -PREVIOUS_PLAN_MAX_AGE_DAYS)),
    meanMaxBestByPeriod(db, userId, curvePeriods),
  ]);

  const meanMax: Partial<Record<CurveWindow, MeanMaxPointInput[]>> = {};
  for (const [name] of windowsOfCurves) {
    meanMax[name] = bestByWindow[name].map((b) => ({
      sport: b.sport, kind: b.kind, duration_s: b.duration_s, value: b.value, activityId: b.activity_id, date: b.start_time.toISOString().slice(0, 10),
    }));
  }

  return {
    today,
    user: { name: user.full_name, sex: stated?.sex ?? null },
    meanMax,
    config: { activities_days: config.activities_days, metrics_days: config.metrics_days },
    activities,
    dailyMetrics,
    zones,
    races,
    previousPlan: previous ? previousPlanInput(previous.analysisId, previous.plan) : null,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  };
}
