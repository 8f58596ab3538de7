/**
 * The facts object: everything the workflow's agents and the reports may cite, computed by
 * `buildFacts` (src/analytics/build-facts.ts) from rows, with no I/O and no model.
 * JSON-serialisable. Units are in the field names (`_s` seconds, `_m` metres, `_w` watts,
 * `_bpm`, `_ms`, `_kg`, `_pct` 0..100, `SecPerKm`, `SecPer100m`); loads are TSS-equivalent
 * points. Dates are 'YYYY-MM-DD' in the athlete's calendar; instants are ISO strings.
 *
 * This is a contract between analytics, workflow and report: add fields freely, but
 * renaming or removing one is a breaking change (bump FACTS_SCHEMA_VERSION).
 */
export const FACTS_SCHEMA_VERSION = 1;

export type Sport = 'running' | 'cycling' | 'swimming' | 'strength' | 'other';

export type ThresholdSource = 'zones' | 'estimated' | 'default' | 'none';

export interface Threshold {
  value: number | null;
  /** Where the value came from: the athlete's zones, estimated from best efforts, a population default, or unknown. */
  source: ThresholdSource;
  /** How it was estimated, in words, e.g. "95% of best 20 min power (262 W)". */
  note?: string;
  /** Present (true) when the estimate is a rule of thumb rather than a measured effort, e.g. threshold HR as 89% of max HR. */
  rough?: true;
}

export type LoadMethod = 'tss' | 'hrTss' | 'rTss' | 'swimTss' | 'trimp' | 'none';

export interface SessionFact {
  activityId: string;
  date: string;
  startTime: string;
  sport: Sport;
  /** Garmin's sport/sub-sport as imported. */
  rawSport: string;
  name: string | null;
  duration_s: number;
  distance_m: number | null;
  avgHr_bpm: number | null;
  avgPower_w: number | null;
  normalizedPower_w: number | null;
  /** Running only. */
  avgPaceSecPerKm: number | null;
  intensityFactor: number | null;
  load: number;
  loadMethod: LoadMethod;
  /** 3-zone polarized split of this session's time (seconds), when HR or power zones allow. */
  polarized_s: { z1: number; z2: number; z3: number } | null;
}

export interface DailyLoadPoint {
  date: string;
  load: number;
  /** Fitness: 42-day exponentially weighted average of daily load. */
  ctl: number;
  /** Fatigue: 7-day exponentially weighted average of daily load. */
  atl: number;
  /** Form: yesterday's CTL minus yesterday's ATL. */
  tsb: number;
}

export type AcwrBand = 'low' | 'optimal' | 'caution' | 'high' | 'insufficient';

export interface LoadSummary {
  ctl: number;
  atl: number;
  tsb: number;
  /** CTL change over the last 7 days, points per week. */
  rampRatePerWeek: number;
  /** Acute (7-day sum / 7) over chronic (28-day sum / 28). */
  acwrRolling: number | null;
  /**
   * Acute EWMA over chronic EWMA of daily load (Williams et al. 2017): EWMA_t = lambda x
   * load_t + (1 - lambda) x EWMA_t-1 with lambda = 2 / (N + 1), N = 7 (acute) and 28
   * (chronic), over the load history. Not ATL / CTL (those are 1/7 and 1/42 averages).
   */
  acwrEwma: number | null;
  acwrBand: AcwrBand;
}

export interface WeekFact {
  /** Monday of the ISO week. */
  weekStart: string;
  load: number;
  duration_s: number;
  distance_m: number;
  sessions: number;
  bySport: Partial<Record<Sport, WeekSportFact>>;
  /** Foster: mean daily load / standard deviation of daily load over the week. */
  monotony: number | null;
  /** Foster: weekly load x monotony. */
  strain: number | null;
  /** 3-zone polarized distribution of the week, percent of zoned time. */
  polarized_pct: { z1: number; z2: number; z3: number } | null;
  /** Percent of the week's time in the athlete's five zones (Z1..Z5), when zones allow. */
  fiveZone_pct: number[] | null;
}

export interface WeekSportFact {
  load: number;
  duration_s: number;
  distance_m: number;
  sessions: number;
  /** 3-zone polarized distribution of the sport's week, percent of zoned time. */
  polarized_pct: { z1: number; z2: number; z3: number } | null;
  /** Percent of the sport's week in the athlete's five zones (Z1..Z5), when zones allow. */
  fiveZone_pct: number[] | null;
}

export interface IntensityDistribution {
  /** Percent of zoned time below VT1 / between thresholds / above VT2. */
  polarized_pct: { z1: number; z2: number; z3: number } | null;
  /** Percent of time in the athlete's five zones (Z1..Z5) when zones are set. */
  fiveZone_pct: number[] | null;
  /** 'polarized' | 'pyramidal' | 'threshold' | 'insufficient' (Seiler / Treff classification). */
  model: 'polarized' | 'pyramidal' | 'threshold' | 'insufficient';
  basis: 'hr' | 'power' | 'mixed' | 'none';
  bySport: Partial<Record<Sport, { z1: number; z2: number; z3: number }>>;
  /** Percent of each sport's time in the athlete's five zones (Z1..Z5), for sports with zoned time. */
  fiveZoneBySport_pct: Partial<Record<Sport, number[]>>;
  /** Treff et al. 2019 polarization index, log10(z1/z2 x z3 x 100) on fractions; > 2 is polarized. */
  polarizationIndex?: number | null;
}

export interface WellnessPoint {
  date: string;
  hrv_ms: number | null;
  /** 7-day rolling mean of ln(rMSSD). */
  lnRmssd7d: number | null;
  restingHr_bpm: number | null;
  sleep_s: number | null;
  sleepScore: number | null;
}

/** One of Garmin's daily figures over the last 7 days: the latest value (and its date) and the mean. */
export interface GarminFigure {
  latest: number;
  latestDate: string;
  avg7d: number | null;
}

/** Garmin's own wellness figures, as Garmin reported them (src/analytics/garmin-wellness.ts). */
export interface GarminWellnessFacts {
  source: 'garmin';
  /** Training readiness, 0..100. */
  trainingReadiness: GarminFigure | null;
  /** Body battery, 0..100: the day's highest and lowest. */
  bodyBatteryHigh: GarminFigure | null;
  bodyBatteryLow: GarminFigure | null;
  /** Average stress level of the day, 0..100. */
  stressAvg: GarminFigure | null;
  vo2max: GarminFigure | null;
  /** Garmin's HRV status word of the latest night (BALANCED, UNBALANCED, LOW, ...). */
  hrvStatus: string | null;
  /** Garmin's training status of the latest day in the last 7 that has one. */
  trainingStatus?: GarminTrainingStatus | null;
  /** Garmin's race predictions of the latest day in the last 7 that has them, seconds. */
  racePredictions?: GarminRacePredictions | null;
}

/** Garmin's training status word, its acute/chronic load and the load focus (four weeks). */
export interface GarminTrainingStatus {
  date: string;
  /** PRODUCTIVE, MAINTAINING, RECOVERY, PEAKING, UNPRODUCTIVE, OVERREACHING, STRAINED, DETRAINING, NO_STATUS ... */
  status: string | null;
  /** Garmin's phrase, e.g. "PRODUCTIVE_1". */
  phrase: string | null;
  /** Garmin's acute load (7 days, EPOC-based, not TSS) and chronic load (4 weeks). */
  acuteLoad: number | null;
  chronicLoad: number | null;
  /** Garmin's acute:chronic ratio and its word (LOW, OPTIMAL, HIGH, VERY_HIGH). */
  acwr: number | null;
  acwrStatus: string | null;
  loadFocus: {
    phrase: string | null;
    aerobicLow: number | null;
    aerobicHigh: number | null;
    anaerobic: number | null;
  } | null;
}

export interface GarminRacePredictions {
  date: string;
  '5km': number | null;
  '10km': number | null;
  half: number | null;
  marathon: number | null;
}

export type BaselineStatus = 'within' | 'below' | 'above' | 'insufficient';

export interface WellnessFacts {
  hrv: {
    /** 7-day rolling mean of ln(rMSSD), latest day. */
    lnRmssd7d: number | null;
    /** 60-day baseline: mean and normal band (mean +/- 0.5 SD, Plews/Altini). */
    baselineMean: number | null;
    baselineLow: number | null;
    baselineHigh: number | null;
    status: BaselineStatus;
    /** Consecutive days outside the band, latest first. */
    daysOutsideBand: number;
    latest_ms: number | null;
  };
  restingHr: {
    avg7d_bpm: number | null;
    baseline60d_bpm: number | null;
    /** Least-squares slope over the last 28 days. */
    trendBpmPerWeek: number | null;
    status: BaselineStatus;
  };
  sleep: {
    avg7d_s: number | null;
    avg28d_s: number | null;
    avgScore7d: number | null;
  };
  /** Sustained deviations in words, e.g. "HRV below baseline for 4 days". */
  flags: string[];
  series: WellnessPoint[];
  /** Garmin's readiness, body battery, stress, HRV status and VO2max beside coach's own figures; absent without any. */
  garmin?: GarminWellnessFacts | null;
}

export type TrainingPhase = 'base' | 'build' | 'peak' | 'taper' | 'race' | 'recovery' | 'transition';

export interface RacePrediction {
  time_s: number;
  /** 'criticalSpeed': t = (D - D') / CS from the last 90 days' running curve, for races of 2-30 minutes. */
  method: 'riegel' | 'vdot' | 'criticalSpeed';
  /** The best effort it was predicted from, e.g. "10 km in 42:10". */
  from: string;
}

export interface RaceFact {
  id: string;
  name: string;
  date: string;
  priority: 'A' | 'B' | 'C';
  raceType: string | null;
  /** Race distance when known from the race type (e.g. Marathon = 42195). */
  distance_m: number | null;
  sport: Sport | null;
  targetTime: string | null;
  target_s: number | null;
  daysToRace: number;
  weeksToRace: number;
  isPast: boolean;
  predictions: RacePrediction[];
  /** Best prediction minus target, seconds (positive: slower than target). */
  targetGap_s: number | null;
  /** Past running races: the run on race day within 3% of the distance, when the history has one. */
  result?: RaceResult;
  /** Past races with a result: what Riegel and VDOT predicted from the efforts before the race, against it. */
  predictionChecks?: PredictionCheck[];
}

export interface BestEfforts {
  /** Best average power per duration label ('5s', '1min', '5min', '20min', '60min'), watts. */
  power_w: Record<string, number>;
  /** Best pace per distance label ('1km', '5km', '10km', 'half'), seconds for the distance. */
  run_s: Record<string, number>;
  /** Daniels VDOT from the best run effort. */
  vdot: number | null;
  /** Best average heart rate per sport and duration label ('20min', '30min', '60min'), bpm (FIT imports). */
  hr_bpm: Partial<Record<Sport, Record<string, number>>>;
  /** Best pool swim time per distance label ('100m', '200m', '400m'), seconds (FIT imports). */
  swim_s: Record<string, number>;
}

/** One recent session's laps as a compact table (src/analytics/lap-tables.ts). */
export interface SessionLapTable {
  date: string;
  sport: Sport;
  name: string | null;
  /** Laps the activity has; `rows` holds at most the first 30. */
  laps: number;
  /** Column names with their units, `lap` first (1-based); columns no lap has are left out. */
  columns: string[];
  rows: Array<Array<number | null>>;
}

export type ComplianceStatus = 'green' | 'amber' | 'red' | 'missed';

/** One planned session of the previous plan against what was done (src/analytics/compliance.ts). */
export interface ComplianceSession {
  sessionId: string;
  date: string;
  sport: string;
  title: string;
  type: string;
  key: boolean;
  planned_min: number;
  plannedLoad: number;
  /** The matched activity (same day, same sport), or null when missed. */
  activityId: string | null;
  done_min: number | null;
  doneLoad: number | null;
  /** What the ratio compares: duration (TrainingPeaks' first basis), or load when no duration was planned. */
  basis: 'duration' | 'load';
  /** Done / planned; null when missed. */
  ratio: number | null;
  status: ComplianceStatus;
}

/** Done against planned for the previous plan's week, up to the as-of date. */
export interface ComplianceFacts {
  planAnalysisId: string;
  weekStart: string;
  /** The last day compared. */
  through: string;
  sessions: ComplianceSession[];
  /** Activities in the plan's days that matched no planned session. */
  unplanned: { activityId: string; date: string; sport: Sport; name: string | null; done_min: number; load: number }[];
  counts: { planned: number; green: number; amber: number; red: number; missed: number };
  /** Planned load of the compared sessions, and everything done on those days (unplanned included). */
  plannedLoad: number;
  doneLoad: number;
  loadRatio: number | null;
  missedKeySessions: string[];
  /** Sessions done above 120% of plan. */
  overreachedSessions: string[];
}

export interface Facts {
  schemaVersion: typeof FACTS_SCHEMA_VERSION;
  /** The as-of date everything is computed for. */
  today: string;
  range: { activitiesFrom: string; metricsFrom: string; to: string };
  athlete: { name: string | null; sex: 'male' | 'female' | null; restingHr_bpm: number | null; maxHr_bpm: number | null };
  thresholds: {
    ftp_w: Threshold;
    thresholdHr_bpm: Threshold;
    thresholdPaceSecPerKm: Threshold;
    swimCssSecPer100m: Threshold;
    maxHr_bpm: Threshold;
    /** Threshold HR per sport (running, cycling, ...) from zones or the sport's own efforts; sports without one use `thresholdHr_bpm`. */
    thresholdHrBySport_bpm: Partial<Record<Sport, Threshold>>;
  };
  data: {
    activities: number;
    metricsDays: number;
    firstActivity: string | null;
    lastActivity: string | null;
    sports: Partial<Record<Sport, number>>;
    /** What is missing or estimated, in words, e.g. "no power data: cycling load from heart rate". */
    notes: string[];
  };
  load: {
    current: LoadSummary;
    daily: DailyLoadPoint[];
    weeks: WeekFact[];
    sessions: SessionFact[];
  };
  intensity: IntensityDistribution;
  wellness: WellnessFacts;
  races: RaceFact[];
  season: {
    nextARace: { id: string; name: string; date: string; weeksToRace: number } | null;
    phase: TrainingPhase;
    /** Why this phase, e.g. "11 weeks to City Marathon (A): build". */
    phaseReason: string;
  };
  bestEfforts: BestEfforts;
  /** Per-lap tables of the sessions of the last 14 days with two laps or more (FIT imports and synced original files). */
  recentLaps: SessionLapTable[];
  /** Done against planned: the previous structured plan (schema 2) against the activities since; null without one. */
  compliance?: ComplianceFacts | null;
  /** Mean-maximal curves and the models fitted to them (FIT imports with records). */
  curves: CurveFacts;
  /** Thresholds in the zones that the curves' models contradict by more than 3%, with the evidence. */
  thresholdSuggestions: ThresholdSuggestion[];
}

/** One point of a mean-maximal curve: the best over `duration_s`, and where it came from. */
export interface CurveEffort {
  duration_s: number;
  /** W (power), m/s (speed) or bpm (hr). */
  value: number;
  date: string;
  activityId: string;
}

export interface MeanMaxCurveFacts {
  sport: Sport;
  kind: 'power' | 'speed' | 'hr';
  unit: 'W' | 'm/s' | 'bpm';
  /** The last 90 days, the season (this calendar year), the previous season (last calendar year), all time. */
  last90d: CurveEffort[];
  season: CurveEffort[];
  previousSeason: CurveEffort[];
  allTime: CurveEffort[];
}

export type ModelConfidence = 'high' | 'moderate' | 'low' | 'insufficient';

/** A model fitted to the last 90 days' curve (src/analytics/curve-models.ts), with the efforts it rests on. */
export interface CurveModel {
  model: 'critical power' | 'critical speed' | 'critical swim speed';
  /** 'insufficient': too few maximal efforts (the note says how many); the values are then absent. */
  confidence: ModelConfidence;
  note: string;
  efforts: CurveEffort[];
  r2: number | null;
  cp_w?: number;
  /** W', joules. */
  wPrime_j?: number;
  /** The model's 60-minute power, CP + W'/3600. */
  eFtp_w?: number;
  /** Critical speed (running, swimming), m/s. */
  cs_mps?: number;
  /** D', metres. */
  dPrime_m?: number;
  /** Running: 1000 / CS. */
  paceSecPerKm?: number;
  /** Swimming: 100 / CSS. */
  paceSecPer100m?: number;
}

export interface CurveFacts {
  /** First day of the season and of the previous season ('YYYY-MM-DD'). */
  seasonFrom: string;
  previousSeasonFrom: string;
  curves: MeanMaxCurveFacts[];
  models: { cycling: CurveModel; running: CurveModel; swimming: CurveModel };
}

/** A threshold in the zones that the last 90 days' maximal efforts contradict by more than 3% (threshold-suggestions.ts). */
export interface ThresholdSuggestion {
  discipline: 'Cycling' | 'Running' | 'Swimming';
  /** The zone row's name ("FTP", "Threshold pace", "CSS"). */
  metricDescription: string;
  /** The zone value now, as written. */
  current: string;
  /** The zone value the model gives, in the same format ("262 W", "4:05/km", "1:35/100m"). */
  suggested: string;
  /** Fitted minus current, percent of current (for paces a negative change is faster). */
  changePct: number;
  direction: 'fitter' | 'less fit';
  confidence: ModelConfidence;
  /** Which model value: "eFTP (CP + W'/3600)", "critical speed pace", "critical swim speed pace". */
  basis: string;
  /** The model's parameters and the efforts, in words. */
  evidence: string;
  efforts: CurveEffort[];
}

export interface RaceResult {
  time_s: number;
  activityId: string;
  distance_m: number;
}

export interface PredictionCheck extends RacePrediction {
  /** Predicted minus actual, seconds (positive: the prediction was slower). */
  error_s: number;
  error_pct: number;
}
