/**
 * Running performance formulas.
 *
 * - Riegel (1981), "Athletic records and human endurance": T2 = T1 x (D2 / D1)^1.06.
 * - Daniels & Gilbert (1979), "Oxygen Power", the VDOT behind Daniels' Running Formula:
 *     v   = distance / time                                  (metres per minute, time in minutes)
 *     VO2 = -4.60 + 0.182258 v + 0.000104 v^2                (oxygen cost of running at v)
 *     %max = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)
 *     VDOT = VO2 / %max
 *   A race prediction from a VDOT solves VDOT(d, t) = VDOT for t (bisection; VDOT falls as
 *   t grows at fixed d).
 * - Threshold (T) pace, Daniels: the speed whose oxygen cost is 88% of VDOT (the T pace of
 *   his tables to within a couple of seconds per km).
 */

export const RIEGEL_EXPONENT = 1.06;

export function riegel(time1_s: number, distance1_m: number, distance2_m: number): number {
  return time1_s * (distance2_m / distance1_m) ** RIEGEL_EXPONENT;
}

export function oxygenCost(metresPerMinute: number): number {
  return -4.6 + 0.182258 * metresPerMinute + 0.000104 * metresPerMinute ** 2;
}

export function fractionOfVo2max(minutes: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * minutes) + 0.2989558 * Math.exp(-0.1932605 * minutes);
}

export function vdot(distance_m: number, time_s: number): number {
  const minutes = time_s / 60;
  return oxygenCost(distance_m / minutes) / fractionOfVo2max(minutes);
}

/** Race time (s) for a distance at a VDOT. */
export function predictTimeFromVdot(vdotValue: number, distance_m: number): number {
  // Bracket between 1 m/s and 10 m/s average speed.
  let fast = distance_m / 10;
  let slow = distance_m / 1;
  for (let i = 0; i < 60; i++) {
    const mid = (fast + slow) / 2;
    if (vdot(distance_m, mid) > vdotValue) fast = mid;
    else slow = mid;
  }
  return (fast + slow) / 2;
}

/** Daniels threshold pace (s/km) at a VDOT: solve oxygenCost(v) = 0.88 x VDOT for v. */
export function thresholdPaceFromVdot(vdotValue: number): number {
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - 0.88 * vdotValue;
  const v = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return 60_000 / v;
}

/** "42:10" / "3:05:40" */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
