/**
 * `buildFacts`: rows in, the typed facts object out (src/analytics/facts.types.ts). Pure:
 * no I/O, no clock (the as-of date is `input.today`), no model.
 *
 * Windows (history-windows.ts; all inclusive of today; N days = today - N + 1 .. today):
 * - history: max(activities_days, 365) days of activities feed the load model, so CTL
 *   (a 42-day average seeded at 0) has converged: it misses e^(-365/42) ~ 0.02% of the CTL
 *   a year ago (180 days missed e^(-180/42) ~ 1.4%; see LOAD_HISTORY_DAYS);
 * - best efforts for estimated thresholds: the last max(activities_days, 180) days;
 * - `load.sessions`, `intensity`, `data`: the activities window (activities_days);
 * - `load.daily` and `load.weeks` (plots): max(activities_days, 90) days, weeks from the
 *   Monday of the first one;
 * - `wellness.series`: the metrics window (metrics_days); baselines look back 60+7 days.
 * Rounding: loads, CTL/ATL/TSB 1 decimal; ratios (IF, ACWR, monotony) 2 decimals.
 */
import type { Facts, SessionFact, Sport, Threshold } from './facts.types.js';
import { FACTS_SCHEMA_VERSION } from './facts.types.js';
import type { ActivityInput, FactsInput } from './facts-input.js';
import { addDays, dateOfInstant, daysBetween, instantIso, isValidDate, isValidTimeZone } from './calendar.js';
import { historyWindows } from './history-windows.js';
import { collectBestEfforts } from './best-efforts.js';
import { LAP_TABLE_DAYS, lapTables } from './lap-tables.js';
import { planCompliance } from './compliance.js';
import { curveFacts } from './curve-facts.js';
import { describeSuggestion, thresholdSuggestions } from './threshold-suggestions.js';
import { hrBounds, intensityDistribution, powerBounds, sessionIntensity, type SessionIntensityRecord, type ThreeZoneBounds } from './intensity.js';
import { positiveOrNull, round, roundOrNull } from './numbers.js';
import { acuteChronicRatio, dailyLoadSeries, performanceManagement, rampRatePerWeek } from './pmc.js';
import { raceFacts } from './races.js';
import { seasonFacts } from './season.js';
import { runPaceSecPerKm, sessionLoad } from './session-load.js';
import { classifySport, isPoolSwim, rawSportLabel } from './sport.js';
import { resolveThresholds, thresholdHrForLoad } from './thresholds.js';
import { parseHrHistogram, parseTimeInZones } from './time-in-zones.js';
import { weeklySummaries } from './weekly.js';
import { wellnessFacts } from './wellness.js';
import { garminWellness } from './garmin-wellness.js';
import { parseZones } from './zones.js';

export { historyWindows, type HistoryWindows } from './history-windows.js';

interface PreparedActivity {
  row: ActivityInput;
  date: string;
  startTime: string;
  sport: Sport;
  duration_s: number;
}

export function buildFacts(input: FactsInput): Facts {
  const { today } = input;
  if (!isValidDate(today)) throw new RangeError(`buildFacts: today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  const windows = historyWindows(today, input.config);
  const sex = input.user.sex ?? null;
  const notes: string[] = [];
  let timeZone = input.timeZone && input.timeZone !== 'UTC' ? input.timeZone : null;
  if (timeZone && !isValidTimeZone(timeZone)) {
    notes.push(`unknown time zone ${JSON.stringify(timeZone)}: activity dates in UTC`);
    timeZone = null;
  }

  // Activities within the load history, oldest first, on the athlete's calendar.
  const prepared: PreparedActivity[] = [];
  let undated = 0;
  for (const row of input.activities) {
    const when = row.start_time instanceof Date ? row.start_time : new Date(row.start_time);
    if (Number.isNaN(when.getTime())) {
      undated++;
      continue;
    }
    const startTime = instantIso(when);
    const date = timeZone ? dateOfInstant(when, timeZone) : startTime.slice(0, 10);
    if (date < windows.historyFrom || date > today) continue;
    const duration_s = positiveOrNull(row.moving_time_s) ?? positiveOrNull(row.elapsed_time_s) ?? 0;
    prepared.push({ row, date, startTime, sport: classifySport(row.sport, row.sub_sport), duration_s });
  }
  if (undated > 0) notes.push(`${undated} activit${undated === 1 ? 'y' : 'ies'} without a valid start time ignored`);
  prepared.sort((a, b) => (a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : 0));

  const zones = parseZones(input.zones);
  if (zones.unreadable.length > 0) notes.push(`zones not understood: ${zones.unreadable.join('; ')}`);
  // Thresholds come from recent activities only (effortsFrom), the load model from the year.
  const recent = prepared.filter((a) => a.date >= windows.effortsFrom);
  const efforts = collectBestEfforts(recent.map((a) => ({ best_efforts: a.row.best_efforts, date: a.date, sport: a.sport })));
  const metricsSorted = [...input.dailyMetrics].filter((m) => m.date <= today).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const thresholds = resolveThresholds({
    zones,
    efforts,
    activityMaxHrs: recent.map((a) => a.row.max_hr),
    restingHrs: metricsSorted.map((m) => m.resting_hr).filter((v): v is number => typeof v === 'number'),
    swimSessions: recent
      .filter((a) => a.sport === 'swimming')
      .map((a) => ({ date: a.date, duration_s: a.duration_s, distance_m: positiveOrNull(a.row.distance_m), pool: isPoolSwim(a.row.sport, a.row.sub_sport) })),
  });

  const ftp = thresholds.ftp_w.value;
  // A rough threshold HR (a share of max HR) adds nothing to max HR: Seiler's max-HR bounds stay.
  const hrDefault = hrBounds(thresholds.thresholdHr_bpm.rough ? null : thresholds.thresholdHr_bpm.value, thresholds.maxHr_bpm.value);
  const hrBySport: Partial<Record<Sport, ThreeZoneBounds>> = {};
  for (const [sport, lthr] of Object.entries(thresholds.thresholdHrBySport) as [Sport, Threshold][]) {
    if (lthr.value !== null) hrBySport[sport] = hrBounds(lthr.value, null) as ThreeZoneBounds;
  }
  const intensityContext = { power: powerBounds(ftp), hrBySport, hrDefault, zones };

  const allSessions: SessionFact[] = [];
  // Parallel to allSessions: each session's intensity, for the distribution.
  const allIntensity: SessionIntensityRecord[] = [];
  for (const a of prepared) {
    const row = a.row;
    const avgHr = positiveOrNull(row.avg_hr);
    const avgPower = positiveOrNull(row.avg_power);
    const normalizedPower = positiveOrNull(row.normalized_power);
    // The exact 1 Hz histogram when the FIT import kept one, else the zone totals.
    const hrBins = parseHrHistogram(row.load_inputs) ?? parseTimeInZones(row.hr_time_in_zones);
    const powerBins = parseTimeInZones(row.power_time_in_zones);
    const distance_m = positiveOrNull(row.distance_m);
    const thresholdHr = thresholdHrForLoad(thresholds, a.sport);
    const load = sessionLoad(
      { sport: a.sport, duration_s: a.duration_s, distance_m, avgHr, avgPower, normalizedPower, hrBins },
      {
        ftp,
        thresholdHr: thresholdHr.value,
        thresholdPaceSecPerKm: thresholds.thresholdPaceSecPerKm.value,
        thresholdPaceEstimated: thresholds.thresholdPaceSecPerKm.source === 'estimated',
        thresholdHrFromZones: thresholdHr.fromZones,
        cssSecPer100m: thresholds.swimCssSecPer100m.value,
        maxHr: thresholds.maxHr_bpm.value,
        restingHr: thresholds.restingHr_bpm.value,
        sex,
      },
    );
    const intensity = sessionIntensity(
      { sport: a.sport, duration_s: a.duration_s, avgHr, intensityFactorPower: load.method === 'tss' ? load.intensityFactor : null, hrBins, powerBins },
      intensityContext,
    );
    const polarized = intensity.polarized;
    allSessions.push({
      activityId: row.id,
      date: a.date,
      startTime: a.startTime,
      sport: a.sport,
      rawSport: rawSportLabel(row.sport, row.sub_sport),
      name: row.name,
      duration_s: Math.round(a.duration_s),
      distance_m: roundOrNull(distance_m, 0),
      avgHr_bpm: roundOrNull(avgHr, 0),
      avgPower_w: roundOrNull(avgPower, 0),
      normalizedPower_w: roundOrNull(normalizedPower, 0),
      avgPaceSecPerKm: a.sport === 'running' ? roundOrNull(runPaceSecPerKm(a.duration_s, distance_m), 0) : null,
      intensityFactor: roundOrNull(load.intensityFactor, 2),
      load: round(load.load, 1),
      loadMethod: load.method,
      polarized_s: polarized ? { z1: Math.round(polarized.z1), z2: Math.round(polarized.z2), z3: Math.round(polarized.z3) } : null,
    });
    allIntensity.push({ polarized: intensity.polarized, basis: intensity.basis, fiveZone: intensity.fiveZone, sport: a.sport });
  }

  // Load model over the whole history; plots over the series window.
  const daily = dailyLoadSeries(
    allSessions.map((s) => ({ date: s.date, load: s.load })),
    windows.historyFrom,
    today,
  );
  const pmc = performanceManagement(daily);
  const current = pmc[pmc.length - 1];
  const firstActivity = allSessions[0]?.date ?? null;
  const dataDays = firstActivity ? daysBetween(firstActivity, today) + 1 : 0;
  const acwr = acuteChronicRatio(daily, dataDays);
  const ramp = rampRatePerWeek(pmc);

  // Sessions are sorted by start, so the activities window is a suffix.
  let firstInWindow = allSessions.findIndex((s) => s.date >= windows.activitiesFrom);
  if (firstInWindow < 0) firstInWindow = allSessions.length;
  const sessions = allSessions.slice(firstInWindow);
  const sports: Partial<Record<Sport, number>> = {};
  for (const s of sessions) sports[s.sport] = (sports[s.sport] ?? 0) + 1;

  // Notes: what is missing or estimated.
  for (const [label, t] of [
    ['FTP', thresholds.ftp_w],
    ['threshold HR', thresholds.thresholdHr_bpm],
    ['threshold pace', thresholds.thresholdPaceSecPerKm],
    ['swim CSS', thresholds.swimCssSecPer100m],
    ['max HR', thresholds.maxHr_bpm],
  ] as const) {
    if (t.source === 'estimated') notes.push(`${label} estimated${t.rough ? ' (rough)' : ''}: ${t.note}`);
  }
  for (const [sport, t] of Object.entries(thresholds.thresholdHrBySport) as [Sport, Threshold][]) {
    if (t.source === 'estimated' && t !== thresholds.thresholdHr_bpm) notes.push(`${sport} threshold HR estimated: ${t.note}`);
  }
  const methodCounts = new Map<string, number>();
  for (const s of sessions) methodCounts.set(`${s.sport}|${s.loadMethod}`, (methodCounts.get(`${s.sport}|${s.loadMethod}`) ?? 0) + 1);
  const describe: Record<string, string> = {
    hrTss: 'from heart rate (hrTSS)',
    trimp: 'from heart rate reserve (Banister TRIMP, scaled to TSS)',
    none: 'not computed (no power, pace or heart rate with a threshold)',
  };
  for (const [key, count] of methodCounts) {
    const [sport, method] = key.split('|');
    if (method in describe) notes.push(`${count} ${sport} session${count === 1 ? '' : 's'}: load ${describe[method]}`);
  }
  if (sessions.some((s) => s.loadMethod === 'trimp') && sex === null) notes.push('sex unknown: TRIMP uses the male constants (0.64, 1.92)');
  if (sessions.some((s) => s.sport === 'cycling' && s.avgPower_w === null)) notes.push('some cycling sessions have no power data');
  if (sessions.length === 0) notes.push(`no activities in the last ${daysBetween(windows.activitiesFrom, today) + 1} days`);
  if (acwr.band === 'insufficient') notes.push('acute:chronic ratio needs 28 days of training history');

  const metricsInWindow = metricsSorted.filter((m) => m.date >= windows.metricsFrom);
  if (metricsInWindow.length === 0) notes.push('no daily wellness metrics in the metrics window');

  const curves = curveFacts(input);
  const csModel = curves.models.running;
  const races = raceFacts(input.races, {
    today, runs: efforts.runs, vdot: efforts.facts.vdot, vdotFrom: efforts.vdotFrom,
    criticalSpeed: csModel.cs_mps !== undefined && csModel.dPrime_m !== undefined && (csModel.confidence === 'high' || csModel.confidence === 'moderate')
      ? { cs_mps: csModel.cs_mps, dPrime_m: csModel.dPrime_m, confidence: csModel.confidence }
      : null,
    runSessions: allSessions.filter((s) => s.sport === 'running').map((s) => ({ activityId: s.activityId, date: s.date, distance_m: s.distance_m, duration_s: s.duration_s })),
  });
  const undatedRaces = input.races.length - races.length;
  if (undatedRaces > 0) notes.push(`${undatedRaces} race${undatedRaces === 1 ? '' : 's'} without a valid YYYY-MM-DD date ignored`);
  const intensity = intensityDistribution(allIntensity.slice(firstInWindow));

  const suggestions = thresholdSuggestions(input.zones, curves.models);
  for (const s of suggestions) notes.push(`threshold update suggested: ${describeSuggestion(s)} (coach zones suggest --apply)`);

  const t = thresholds;
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    today,
    range: { activitiesFrom: windows.activitiesFrom, metricsFrom: windows.metricsFrom, to: today },
    athlete: {
      name: input.user.name,
      sex,
      restingHr_bpm: roundOrNull(t.restingHr_bpm.value, 0),
      maxHr_bpm: roundOrNull(t.maxHr_bpm.value, 0),
    },
    thresholds: {
      ftp_w: t.ftp_w,
      thresholdHr_bpm: t.thresholdHr_bpm,
      thresholdPaceSecPerKm: t.thresholdPaceSecPerKm,
      swimCssSecPer100m: t.swimCssSecPer100m,
      maxHr_bpm: t.maxHr_bpm,
      thresholdHrBySport_bpm: t.thresholdHrBySport,
    },
    data: {
      activities: sessions.length,
      metricsDays: metricsInWindow.length,
      firstActivity: sessions[0]?.date ?? null,
      lastActivity: sessions[sessions.length - 1]?.date ?? null,
      sports,
      notes,
    },
    load: {
      current: {
        ctl: round(current?.ctl ?? 0, 1),
        atl: round(current?.atl ?? 0, 1),
        tsb: round(current?.tsb ?? 0, 1),
        rampRatePerWeek: round(ramp ?? 0, 1),
        acwrRolling: roundOrNull(acwr.rolling, 2),
        acwrEwma: roundOrNull(acwr.ewma, 2),
        acwrBand: acwr.band,
      },
      daily: pmc
        .filter((p) => p.date >= windows.seriesFrom)
        .map((p) => ({ date: p.date, load: round(p.load, 1), ctl: round(p.ctl, 1), atl: round(p.atl, 1), tsb: round(p.tsb, 1) })),
      weeks: weeklySummaries(
        daily,
        allSessions.map((s, i) => ({
          date: s.date,
          sport: s.sport,
          load: s.load,
          duration_s: s.duration_s,
          distance_m: s.distance_m,
          polarized_s: s.polarized_s,
          fiveZone_s: allIntensity[i].fiveZone,
        })),
        windows.seriesFrom,
        today,
      ),
      sessions,
    },
    intensity,
    wellness: {
      ...wellnessFacts(
        metricsSorted.filter((m) => m.date >= windows.metricsHistoryFrom),
        { today, seriesFrom: windows.metricsFrom },
      ),
      garmin: garminWellness(metricsSorted, today),
    },
    races,
    season: seasonFacts(races),
    bestEfforts: efforts.facts,
    recentLaps: lapTables(
      prepared.map((a) => ({ date: a.date, sport: a.sport, name: a.row.name, laps: a.row.laps })),
      addDays(today, -(LAP_TABLE_DAYS - 1)),
    ),
    compliance: input.previousPlan ? planCompliance(input.previousPlan, allSessions, today) : null,
    curves,
    thresholdSuggestions: suggestions,
  };
}
