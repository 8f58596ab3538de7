import { describe, expect, it } from 'vitest';
import {
  banisterTrimp,
  heartRateReserveFraction,
  hrTss,
  hrTssFromBins,
  powerTss,
  runTss,
  sessionLoad,
  swimTss,
  trimpToTss,
  type LoadThresholds,
  type SessionMeasures,
} from '../../../src/analytics/session-load.js';

const noThresholds: LoadThresholds = { ftp: null, thresholdHr: null, thresholdPaceSecPerKm: null, cssSecPer100m: null, maxHr: null, restingHr: null, sex: null };

function measures(overrides: Partial<SessionMeasures>): SessionMeasures {
  return { sport: 'cycling', duration_s: 3600, distance_m: null, avgHr: null, avgPower: null, normalizedPower: null, hrBins: null, ...overrides };
}

describe('power TSS (Coggan)', () => {
  it('scores one hour at FTP as 100', () => {
    // IF = 250/250 = 1; TSS = 3600 x 250 x 1 / (250 x 3600) x 100 = 100
    expect(powerTss(3600, 250, 250)).toEqual({ tss: 100, intensityFactor: 1 });
  });
  it('follows s x NP x IF / (FTP x 3600) x 100', () => {
    // IF = 200/250 = 0.8; TSS = 7200 x 200 x 0.8 / (250 x 3600) x 100 = 1,152,000 / 900,000 x 100 = 128
    const r = powerTss(7200, 200, 250);
    expect(r.intensityFactor).toBeCloseTo(0.8, 10);
    expect(r.tss).toBeCloseTo(128, 10);
  });
});

describe('hrTSS', () => {
  it('uses IF = avgHR / LTHR, squared', () => {
    // IF = 153/170 = 0.9; hrTSS = 1 h x 0.81 x 100 = 81
    const r = hrTss(3600, 153, 170);
    expect(r.intensityFactor).toBeCloseTo(0.9, 10);
    expect(r.tss).toBeCloseTo(81, 10);
  });
  it('is time-weighted over HR bins at their midpoints', () => {
    // 0.5 h at 136 (IF 0.8) + 0.5 h at 170 (IF 1): 0.5 x 0.64 x 100 + 0.5 x 1 x 100 = 32 + 50 = 82
    const r = hrTssFromBins(
      [
        { min: 130, max: 142, seconds: 1800 },
        { min: 170, max: null, seconds: 1800 },
      ],
      170,
    );
    expect(r.tss).toBeCloseTo(82, 10);
    expect(r.intensityFactor).toBeCloseTo(Math.sqrt(0.82), 10);
    expect(r.duration_s).toBe(1800 * 2);
  });
});

describe('rTSS and swim TSS', () => {
  it('rTSS: IF = threshold pace / pace, squared', () => {
    // IF = 270/300 = 0.9; rTSS = 1 x 0.81 x 100 = 81
    expect(runTss(3600, 300, 270).tss).toBeCloseTo(81, 10);
    // 30 min at threshold pace: 0.5 x 1 x 100 = 50
    expect(runTss(1800, 270, 270).tss).toBeCloseTo(50, 10);
  });
  it('swim TSS: IF = CSS / pace, cubed', () => {
    // IF = 108/120 = 0.9; sTSS = 1 x 0.729 x 100 = 72.9
    const r = swimTss(3600, 120, 108);
    expect(r.intensityFactor).toBeCloseTo(0.9, 10);
    expect(r.tss).toBeCloseTo(72.9, 10);
  });
});

describe('Banister TRIMP', () => {
  it('uses the male constants 0.64 e^(1.92 x)', () => {
    // 60 min x 0.5 x 0.64 x e^0.96 = 19.2 x 2.611696 = 50.1446
    expect(banisterTrimp(3600, 0.5, 'male')).toBeCloseTo(50.1446, 3);
    // unknown sex = male constants
    expect(banisterTrimp(3600, 0.5, null)).toBeCloseTo(50.1446, 3);
  });
  it('uses the female constants 0.86 e^(1.67 x)', () => {
    // 60 min x 0.5 x 0.86 x e^0.835 = 25.8 x 2.304814 = 59.4642
    expect(banisterTrimp(3600, 0.5, 'female')).toBeCloseTo(59.4642, 3);
  });
  it('is scaled so one hour at HRr 0.85 scores 100', () => {
    // male: TRIMP(60 min, 0.85) = 60 x 0.85 x 0.64 x e^1.632 = 32.64 x 5.113 = 166.93
    expect(banisterTrimp(3600, 0.85, 'male')).toBeCloseTo(166.93, 1);
    expect(trimpToTss(banisterTrimp(3600, 0.85, 'male'), 'male')).toBeCloseTo(100, 10);
    expect(trimpToTss(banisterTrimp(3600, 0.85, 'female'), 'female')).toBeCloseTo(100, 10);
    // 50.1446 / 166.93 x 100 = 30.04
    expect(trimpToTss(banisterTrimp(3600, 0.5, 'male'), 'male')).toBeCloseTo(30.04, 1);
  });
  it('clamps the heart-rate reserve fraction to 0..1', () => {
    // (125 - 50) / (200 - 50) = 0.5
    expect(heartRateReserveFraction(125, 50, 200)).toBe(0.5);
    expect(heartRateReserveFraction(40, 50, 200)).toBe(0);
    expect(heartRateReserveFraction(210, 50, 200)).toBe(1);
    expect(heartRateReserveFraction(150, 200, 200)).toBe(0);
  });
});

describe('sessionLoad: method choice', () => {
  const all: LoadThresholds = { ftp: 250, thresholdHr: 170, thresholdPaceSecPerKm: 270, cssSecPer100m: 108, maxHr: 190, restingHr: 50, sex: null };

  it('cycling prefers power, using NP, else average power', () => {
    expect(sessionLoad(measures({ normalizedPower: 250, avgPower: 200, avgHr: 150 }), all)).toMatchObject({ method: 'tss', load: 100 });
    // avg power 200: IF 0.8 -> 64
    const r = sessionLoad(measures({ avgPower: 200, avgHr: 150 }), all);
    expect(r.method).toBe('tss');
    expect(r.load).toBeCloseTo(64, 10);
  });
  it('cycling without power falls back to HR, then TRIMP, then none', () => {
    expect(sessionLoad(measures({ avgHr: 153 }), all)).toMatchObject({ method: 'hrTss' });
    expect(sessionLoad(measures({ avgHr: 153 }), all).load).toBeCloseTo(81, 10);
    const trimp = sessionLoad(measures({ avgHr: 125 }), { ...all, ftp: null, thresholdHr: null, maxHr: 200, restingHr: 50 });
    expect(trimp.method).toBe('trimp');
    expect(trimp.load).toBeCloseTo(30.04, 1);
    expect(sessionLoad(measures({}), all)).toEqual({ load: 0, method: 'none', intensityFactor: null });
    expect(sessionLoad(measures({ avgHr: 150 }), noThresholds)).toEqual({ load: 0, method: 'none', intensityFactor: null });
  });
  it('running prefers pace, then HR', () => {
    // 12 km in 1 h = 300 s/km; IF 0.9 -> 81
    const r = sessionLoad(measures({ sport: 'running', distance_m: 12000, avgHr: 170 }), all);
    expect(r.method).toBe('rTss');
    expect(r.load).toBeCloseTo(81, 10);
    // Treadmill without distance: HR
    expect(sessionLoad(measures({ sport: 'running', avgHr: 170 }), all)).toMatchObject({ method: 'hrTss', load: 100 });
  });
  it('running prefers a threshold HR from zones over an estimated threshold pace', () => {
    const measured = measures({ sport: 'running', distance_m: 12000, avgHr: 153 });
    expect(sessionLoad(measured, { ...all, thresholdPaceEstimated: true, thresholdHrFromZones: true }).method).toBe('hrTss');
    expect(sessionLoad(measured, { ...all, thresholdPaceEstimated: true, thresholdHrFromZones: false }).method).toBe('rTss');
    expect(sessionLoad(measured, { ...all, thresholdPaceEstimated: false, thresholdHrFromZones: true }).method).toBe('rTss');
  });
  it('swimming prefers CSS pace', () => {
    // 3000 m in 1 h = 120 s/100 m; IF 0.9 -> 72.9
    const r = sessionLoad(measures({ sport: 'swimming', distance_m: 3000 }), all);
    expect(r.method).toBe('swimTss');
    expect(r.load).toBeCloseTo(72.9, 10);
  });
  it('other sports use HR only', () => {
    expect(sessionLoad(measures({ sport: 'strength', avgHr: 153, avgPower: 300 }), all).method).toBe('hrTss');
  });
  it('scales HR-bin hrTSS to the session duration when bins cover less of it', () => {
    // bins: 1800 s at 170 -> 50; session 3600 s -> 100
    const r = sessionLoad(measures({ avgHr: 100, hrBins: [{ min: 170, max: 170, seconds: 1800 }] }), { ...all, ftp: null });
    expect(r.method).toBe('hrTss');
    expect(r.load).toBeCloseTo(100, 10);
  });
  it('ignores wide zone bins for hrTSS and uses the average HR', () => {
    // "0-145 bpm" has midpoint 72.5: use avg HR 153 instead -> IF 0.9 -> 81
    const r = sessionLoad(measures({ avgHr: 153, hrBins: [{ min: 0, max: 145, seconds: 3600 }] }), { ...all, ftp: null });
    expect(r.load).toBeCloseTo(81, 10);
  });
  it('gives no load to a session without duration', () => {
    expect(sessionLoad(measures({ duration_s: 0, normalizedPower: 250 }), all)).toEqual({ load: 0, method: 'none', intensityFactor: null });
  });
});
