/**
 * A realistic synthetic athlete as a Garmin account export folder, for `coach demo`: a year
 * of training ending on `today` (runs, rides and swims in a weekly rhythm, a season of load
 * with an easier week every fourth) and a year of wellness (sleep, HRV, resting HR, stress,
 * body battery, VO2max, readiness). The older activities are the export's summaries; the last
 * `fitDays` also come as FIT files written with Garmin's Encoder (1 Hz records), as a real
 * export carries the uploaded originals. Everything goes in through the ordinary import.
 * Deterministic: the same `today` and seed write the same files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSyntheticActivity, random, type SyntheticSport } from './synthetic-fit.js';

export interface SyntheticExportOptions {
  /** The last day of data, YYYY-MM-DD (local time). */
  today: string;
  /** Days of history (default 365). */
  days?: number;
  /** The most recent days whose activities also come as FIT files (default 7). */
  fitDays?: number;
  seed?: number;
}

export interface SyntheticExportSummary {
  activities: number;
  fitFiles: number;
  wellnessDays: number;
}

interface Session {
  sport: SyntheticSport;
  typeKey: string;
  name: string;
  hour: number;
  minutes: number;
  /** Average heart rate, bpm (null: no strap). */
  hr: number | null;
  /** Average power, W (rides with a power meter). */
  power?: number;
  /** m/s */
  speed: number;
  hard: boolean;
}

/** The week's rhythm (index 0 = the first day of each 7-day block). */
function sessionsOf(dayOfBlock: number, volume: number, rnd: () => number): Session[] {
  const min = (m: number) => Math.max(20, Math.round(m * volume * (0.9 + rnd() * 0.2)));
  switch (dayOfBlock) {
    case 0: return [{ sport: 'swimming', typeKey: 'lap_swimming', name: 'Pool Swim', hour: 6.5, minutes: min(40), hr: 128, speed: 1.05, hard: false }];
    case 1: return [{ sport: 'running', typeKey: 'running', name: 'Intervals 5x4 min', hour: 6, minutes: min(50), hr: 156, speed: 3.4, hard: true }];
    case 2: return [{ sport: 'cycling', typeKey: 'road_biking', name: 'Tempo Ride', hour: 17.5, minutes: min(75), hr: 146, power: 205, speed: 8.6, hard: true }];
    case 3: return [{ sport: 'running', typeKey: 'running', name: 'Easy Run', hour: 6, minutes: min(45), hr: 140, speed: 3.0, hard: false }];
    case 4: return []; // rest day
    case 5: return [{ sport: 'cycling', typeKey: 'road_biking', name: 'Long Ride', hour: 8, minutes: min(150), hr: 138, power: 175, speed: 8.2, hard: false }];
    default: return [{ sport: 'running', typeKey: 'running', name: 'Long Run', hour: 8, minutes: min(85), hr: 143, speed: 3.05, hard: false }];
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export async function writeSyntheticExport(dir: string, options: SyntheticExportOptions): Promise<SyntheticExportSummary> {
  const days = options.days ?? 365;
  const fitDays = options.fitDays ?? 7;
  const rnd = random(options.seed ?? 7);
  const [y, m, d] = options.today.split('-').map(Number);
  const dayAt = (back: number, hour = 0) => new Date(y, m - 1, d - back, Math.floor(hour), Math.round((hour % 1) * 60));

  const activities: Record<string, unknown>[] = [];
  const sleep: Record<string, unknown>[] = [];
  const hrv: Record<string, unknown>[] = [];
  const uds: Record<string, unknown>[] = [];
  const vo2: Record<string, unknown>[] = [];
  const readiness: Record<string, unknown>[] = [];
  const fitDir = join(dir, 'DI_CONNECT', 'DI-Connect-Uploaded-Files');
  mkdirSync(fitDir, { recursive: true });
  let fitFiles = 0;
  let fatigue = 0;

  for (let back = days - 1; back >= 0; back--) {
    const day = dayAt(back);
    const date = isoDay(day);
    const age = days - 1 - back;
    // A season of load: a slow build over the year, every fourth week easier (counted back
    // from today, so the weeks just before the analysis are ordinary training weeks).
    const recoveryWeek = Math.floor(back / 7) % 4 === 2;
    const volume = (0.75 + 0.35 * (age / days) + 0.08 * Math.sin(age / 20)) * (recoveryWeek ? 0.65 : 1);
    let dayLoad = 0;
    // Today's session has not happened yet when the demo runs in the morning: stop at yesterday.
    const sessions = back === 0 ? [] : sessionsOf(age % 7, volume, rnd);
    for (const [i, s] of sessions.entries()) {
      const start = dayAt(back, s.hour);
      const seconds = s.minutes * 60;
      const speed = s.speed * (0.97 + rnd() * 0.06) * (1 + 0.04 * (age / days));
      const distance = speed * seconds;
      const hr = s.hr === null ? null : Math.round(s.hr + (rnd() - 0.5) * 6 - 3 * (age / days));
      const power = s.power ? Math.round(s.power * (0.95 + rnd() * 0.1) * (1 + 0.06 * (age / days))) : undefined;
      const z = s.hard ? [0.1, 0.35, 0.2, 0.25, 0.1] : [0.15, 0.7, 0.12, 0.03, 0];
      const activityId = 40_000_000_000 + age * 10 + i;
      dayLoad += (seconds / 3600) * (s.hard ? 90 : 55);
      activities.push({
        activityId,
        name: s.name,
        activityType: s.typeKey,
        sportType: s.sport.toUpperCase(),
        beginTimestamp: start.getTime(),
        startTimeGmt: start.getTime(),
        duration: seconds * 1000,
        elapsedDuration: seconds * 1000 + 60_000,
        movingDuration: seconds * 1000,
        distance: Math.round(distance * 100),
        elevationGain: s.sport === 'swimming' ? 0 : Math.round(distance * 0.008 * 100),
        elevationLoss: s.sport === 'swimming' ? 0 : Math.round(distance * 0.008 * 100),
        avgSpeed: speed / 10,
        maxSpeed: (speed * 1.3) / 10,
        ...(hr === null ? {} : { avgHr: hr, maxHr: hr + (s.hard ? 24 : 14) }),
        ...(power === undefined ? {} : { avgPower: power, normPower: Math.round(power * (s.hard ? 1.08 : 1.04)), maxPower: Math.round(power * 3.2) }),
        calories: Math.round(seconds / 6),
        aerobicTrainingEffect: s.hard ? 3.8 : 2.9,
        anaerobicTrainingEffect: s.hard ? 1.9 : 0.3,
        activityTrainingLoad: Math.round((seconds / 3600) * (s.hard ? 120 : 70)),
        ...(hr === null ? {} : Object.fromEntries(z.map((f, k) => [`hrTimeInZone_${k + 1}`, Math.round(f * seconds * 1000)]))),
      });
      if (back <= fitDays) {
        const bytes = await encodeSyntheticActivity({
          sport: s.sport,
          start,
          durationS: seconds,
          withHeartRate: hr !== null,
          withPower: power !== undefined,
          targetPower: power,
          speed,
          baseHeartRate: hr === null ? undefined : hr - (s.hard ? 8 : 0),
          serialNumber: s.sport === 'cycling' ? 3_950_000_002 : 3_950_000_001,
          seed: activityId % 100_000,
          deviceFtp: s.sport === 'cycling' ? 250 : undefined,
          deviceMaxHr: 188,
        });
        writeFileSync(join(fitDir, `${activityId}_ACTIVITY.fit`), bytes);
        fitFiles++;
      }
    }
    // Wellness follows the load: a hard day lowers the next night's HRV and sleep score a little.
    fatigue = fatigue * 0.6 + dayLoad / 100;
    const noise = () => rnd() - 0.5;
    sleep.push({
      calendarDate: date,
      deepSleepSeconds: Math.round(5400 + noise() * 1200),
      lightSleepSeconds: Math.round(14_400 + noise() * 2400),
      remSleepSeconds: Math.round(6000 + noise() * 1200),
      awakeSleepSeconds: Math.round(900 + rnd() * 600),
      sleepScores: { overallScore: Math.round(80 + noise() * 12 - fatigue * 3) },
    });
    hrv.push({ calendarDate: date, lastNightAvg: Math.round(64 + noise() * 8 - fatigue * 4), status: 'BALANCED' });
    uds.push({
      calendarDate: date,
      totalSteps: Math.round(9000 + noise() * 4000),
      restingHeartRate: Math.round(47 + noise() * 3 + fatigue),
      allDayStress: { aggregatorList: [{ type: 'TOTAL', averageStressLevel: Math.round(27 + noise() * 10 + fatigue * 3) }] },
      bodyBattery: {
        bodyBatteryStatList: [
          { bodyBatteryStatType: 'HIGHEST', statsValue: Math.round(85 + noise() * 10 - fatigue * 4) },
          { bodyBatteryStatType: 'LOWEST', statsValue: Math.round(22 + noise() * 10) },
        ],
      },
    });
    if (age % 7 === 6) vo2.push({ calendarDate: date, sport: 'RUNNING', vo2MaxValue: Math.round((50 + 3 * (age / days)) * 10) / 10 });
    readiness.push({ calendarDate: date, score: Math.round(70 + noise() * 20 - fatigue * 5) });
  }

  const first = isoDay(dayAt(days - 1)).replaceAll('-', '');
  const last = options.today.replaceAll('-', '');
  const write = (folder: string, name: string, value: unknown) => {
    mkdirSync(join(dir, 'DI_CONNECT', folder), { recursive: true });
    writeFileSync(join(dir, 'DI_CONNECT', folder, name), JSON.stringify(value));
  };
  write('DI-Connect-Fitness', 'demo_0_summarizedActivities.json', [{ summarizedActivitiesExport: activities }]);
  write('DI-Connect-Wellness', `${first}_${last}_demo_sleepData.json`, sleep);
  write('DI-Connect-Wellness', `${first}_${last}_demo_hrvStatusData.json`, hrv);
  write('DI-Connect-Aggregator', `UDSFile_${first}_${last}.json`, uds);
  write('DI-Connect-Metrics', `MetricsMaxMetData_${first}_${last}_demo.json`, vo2);
  write('DI-Connect-Metrics', `TrainingReadinessDTO_${first}_${last}_demo.json`, readiness);
  write('DI-Connect-User', 'user_profile.json', { userName: 'demo', firstName: 'Demo', gender: 'FEMALE' });
  return { activities: activities.length, fitFiles, wellnessDays: days };
}
