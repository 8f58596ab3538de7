/** Garmin sport / sub-sport strings to the five sports the facts use. */
import type { Sport } from './facts.types.js';

export function classifySport(sport: string, subSport: string | null): Sport {
  const text = `${sport} ${subSport ?? ''}`.toLowerCase();
  if (/swim/.test(text)) return 'swimming';
  if (/strength|weight|training_strength/.test(text)) return 'strength';
  if (/run|jog/.test(text)) return 'running';
  if (/cycl|bik|ride|spin|gravel/.test(text)) return 'cycling';
  return 'other';
}

export function rawSportLabel(sport: string, subSport: string | null): string {
  return subSport && subSport !== 'generic' ? `${sport}/${subSport}` : sport;
}

/** True for pool swimming (FIT 'lapSwimming', Connect 'lap_swimming'): measured lengths, unlike open water's GPS. */
export function isPoolSwim(sport: string, subSport: string | null): boolean {
  const text = `${sport} ${subSport ?? ''}`;
  return /swim/i.test(text) && /lap_?swim|pool/i.test(text);
}
