/**
 * Writes realistic-looking FIT activity files with Garmin's own Encoder: 1 Hz records, laps,
 * session totals. Used by tests (fixtures) and by bench/generate-year.mjs (a year of data),
 * which is why it lives in src/ (the bench imports built code from dist/).
 */

export type SyntheticSport = 'running' | 'cycling' | 'swimming';

export interface SyntheticActivity {
  sport: SyntheticSport;
  start: Date;
  durationS: number;
  withHeartRate?: boolean;
  withPower?: boolean;
  /** Device serial number: with the start time, the activity's identity. */
  serialNumber?: number;
  /** Seed for the pseudo-random variation (same seed, same file). */
  seed?: number;
  /** Average power target, W (cycling with power). */
  targetPower?: number;
  /** Average speed, m/s. */
  speed?: number;
  /** Base heart rate, bpm. */
  baseHeartRate?: number;
  /** Writes the athlete's FTP and max HR in a zones_target message. */
  deviceFtp?: number;
  deviceMaxHr?: number;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_SPEED: Record<SyntheticSport, number> = { running: 3.2, cycling: 8.5, swimming: 1.1 };

export async function encodeSyntheticActivity(spec: SyntheticActivity): Promise<Uint8Array> {
  const { Encoder, Profile } = await import('@garmin/fitsdk');
  const rnd = random(spec.seed ?? 1);
  const withHr = spec.withHeartRate ?? true;
  const withPower = spec.withPower ?? spec.sport === 'cycling';
  const baseSpeed = spec.speed ?? DEFAULT_SPEED[spec.sport];
  const targetPower = spec.targetPower ?? 200;
  const baseHr = spec.baseHeartRate ?? 135;
  const startMs = spec.start.getTime();
  const at = (second: number) => new Date(startMs + second * 1000);

  const sdkEncoder = new Encoder();
  // Messages are built as plain objects; the SDK's Mesg type is a nominal marker only.
  const encoder = { onMesg: (mesgNum: number, mesg: Record<string, unknown>) => sdkEncoder.onMesg(mesgNum, mesg as never) };
  encoder.onMesg(Profile.MesgNum.FILE_ID, {
    type: 'activity',
    manufacturer: 'development',
    product: 1,
    serialNumber: spec.serialNumber ?? 3_000_000_001,
    timeCreated: spec.start,
  });
  if (spec.deviceFtp || spec.deviceMaxHr) {
    encoder.onMesg(Profile.MesgNum.ZONES_TARGET, {
      functionalThresholdPower: spec.deviceFtp,
      maxHeartRate: spec.deviceMaxHr,
    });
  }
  encoder.onMesg(Profile.MesgNum.EVENT, { timestamp: spec.start, event: 'timer', eventType: 'start' });

  const lapLength = spec.sport === 'swimming' ? 300 : 600;
  let distance = 0;
  let altitude = 100;
  let ascent = 0;
  let descent = 0;
  let hr = baseHr - 20;
  let lapStart = 0;
  let lapDistance = 0;
  let lapHr = 0;
  let lapPower = 0;
  let lapMaxHr = 0;
  let totalHr = 0;
  let totalPower = 0;
  let maxHr = 0;
  let maxPower = 0;
  let maxSpeed = 0;
  let lapIndex = 0;

  const writeLap = (endSecond: number) => {
    const seconds = endSecond - lapStart;
    if (seconds <= 0) return;
    encoder.onMesg(Profile.MesgNum.LAP, {
      messageIndex: lapIndex++,
      timestamp: at(endSecond),
      startTime: at(lapStart),
      totalElapsedTime: seconds,
      totalTimerTime: seconds,
      totalDistance: lapDistance,
      avgSpeed: lapDistance / seconds,
      avgHeartRate: withHr ? Math.round(lapHr / seconds) : undefined,
      maxHeartRate: withHr ? lapMaxHr : undefined,
      avgPower: withPower ? Math.round(lapPower / seconds) : undefined,
      sport: spec.sport,
      event: 'lap',
      eventType: 'stop',
    });
    lapStart = endSecond;
    lapDistance = 0;
    lapHr = 0;
    lapPower = 0;
    lapMaxHr = 0;
  };

  for (let second = 0; second < spec.durationS; second++) {
    // A few harder blocks: intervals give best efforts and zones something to find.
    const hard = Math.floor(second / 240) % 5 === 3;
    const speed = Math.max(0.3, baseSpeed * (hard ? 1.15 : 1) + (rnd() - 0.5) * 0.4);
    distance += speed;
    lapDistance += speed;
    maxSpeed = Math.max(maxSpeed, speed);
    const climb = Math.sin(second / 300) * 0.15;
    altitude += climb;
    if (climb > 0) ascent += climb;
    else descent -= climb;
    const record: Record<string, unknown> = {
      timestamp: at(second),
      distance,
      speed,
      altitude,
      cadence: spec.sport === 'cycling' ? 85 + Math.round(rnd() * 10) : spec.sport === 'running' ? 84 + Math.round(rnd() * 6) : 30,
    };
    if (withHr) {
      const target = baseHr + (hard ? 25 : 0);
      hr += (target - hr) * 0.02 + (rnd() - 0.5) * 2;
      const bpm = Math.round(hr);
      record.heartRate = bpm;
      totalHr += bpm;
      lapHr += bpm;
      maxHr = Math.max(maxHr, bpm);
      lapMaxHr = Math.max(lapMaxHr, bpm);
    }
    if (withPower) {
      const watts = Math.max(0, Math.round(targetPower * (hard ? 1.3 : 0.95) + (rnd() - 0.5) * 60));
      record.power = watts;
      totalPower += watts;
      lapPower += watts;
      maxPower = Math.max(maxPower, watts);
    }
    encoder.onMesg(Profile.MesgNum.RECORD, record);
    if (second - lapStart + 1 >= lapLength) writeLap(second + 1);
  }
  writeLap(spec.durationS);

  const end = at(spec.durationS);
  encoder.onMesg(Profile.MesgNum.EVENT, { timestamp: end, event: 'timer', eventType: 'stopAll' });
  encoder.onMesg(Profile.MesgNum.SESSION, {
    messageIndex: 0,
    timestamp: end,
    startTime: spec.start,
    sport: spec.sport,
    subSport: spec.sport === 'swimming' ? 'lapSwimming' : 'generic',
    totalElapsedTime: spec.durationS,
    totalTimerTime: spec.durationS,
    totalDistance: distance,
    totalAscent: Math.round(ascent),
    totalDescent: Math.round(descent),
    avgSpeed: distance / spec.durationS,
    maxSpeed,
    avgHeartRate: withHr ? Math.round(totalHr / spec.durationS) : undefined,
    maxHeartRate: withHr ? maxHr : undefined,
    avgPower: withPower ? Math.round(totalPower / spec.durationS) : undefined,
    maxPower: withPower ? maxPower : undefined,
    totalCalories: Math.round(spec.durationS / 6),
    totalTrainingEffect: 3.2,
    totalAnaerobicTrainingEffect: 1.1,
    numLaps: lapIndex,
    firstLapIndex: 0,
    event: 'session',
    eventType: 'stop',
  });
  encoder.onMesg(Profile.MesgNum.ACTIVITY, {
    timestamp: end,
    totalTimerTime: spec.durationS,
    numSessions: 1,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
  });
  return sdkEncoder.close();
}

/** A copy with one data byte flipped: the CRC no longer matches. */
export function withBadCrc(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const index = Math.min(copy.length - 3, 40);
  copy[index] ^= 0xff;
  return copy;
}

/** The first `fraction` of the file: what an interrupted copy or download leaves. */
export function truncated(bytes: Uint8Array, fraction = 0.6): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}
