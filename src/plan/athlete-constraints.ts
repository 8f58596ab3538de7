import type { PlanSport } from './plan.types.js';

/**
 * The athlete's own words (answers to the coach's questions, `analyze --note`) turned into
 * constraints the planners obey (COACHING.md: pain or injury the athlete reports removes or
 * replaces the sport that hurts). Plain keyword rules: they only ever make the plan more
 * careful, so a false match costs a little training, never an injury.
 */
export interface AthleteConstraints {
  /** Sports to leave out this week, with the athlete's reason. */
  avoid: Array<{ sport: PlanSport; reason: string }>;
  /** No hard sessions this week (illness, heavy fatigue), with the reason. */
  noHard: string | null;
  /** Multiplier on the week's volume (1 = unchanged). */
  volumeFactor: number;
}

/** Volume when the athlete reports being ill: half (rest, then easy). */
export const ILLNESS_VOLUME = 0.5;
/** Volume when the athlete reports heavy fatigue. */
export const FATIGUE_VOLUME = 0.8;

const PAIN = /\b(sore|soreness|pain|painful|hurts?|hurting|injur(y|ed|ies)|niggle|aches?|aching|tender|strain(ed)?|sprain(ed)?|tendinitis|tendinopathy|swollen|inflamed)\b/i;
/** Body parts and the sports that load them (running loads the whole leg; swimming the shoulder). */
const BODY: Array<[RegExp, PlanSport[]]> = [
  [/\b(knee|knees|shin|shins|ankle|ankles|achilles|calf|calves|foot|feet|heel|plantar|hip|hips|it ?band|itb|hamstring|hamstrings|quad|quads|groin|stress fracture)\b/i, ['running']],
  [/\b(shoulder|shoulders|rotator cuff)\b/i, ['swimming']],
  [/\b(saddle|neck|wrist|wrists)\b/i, ['cycling']],
];
const ILL = /\b(ill|sick|flu|fever|covid|cold|infection|virus|chest)\b/i;
const FATIGUE = /\b(exhausted|very tired|overtrained|burn(ed|t)? out|no energy|drained)\b/i;
/** "the knee pain is gone", "no pain": a resolved complaint removes nothing. */
const RESOLVED = /\b(healed|gone|recovered|better now|no longer)\b/i;
const NEGATED_PAIN = /\b(no|not|without)\s+(\w+\s+)?(pain|sore|hurt|injur)/i;

export const NO_CONSTRAINTS: AthleteConstraints = { avoid: [], noHard: null, volumeFactor: 1 };

/** Constraints from free text: each sentence is read on its own ("knee is fine now" removes nothing). */
export function constraintsFromText(texts: readonly string[]): AthleteConstraints {
  const out: AthleteConstraints = { avoid: [], noHard: null, volumeFactor: 1 };
  for (const text of texts) {
    for (const raw of text.split(/(?<=[.!?;\n])\s*/)) {
      const sentence = raw.trim();
      if (!sentence) continue;
      const quoted = `"${sentence.length > 80 ? `${sentence.slice(0, 77)}...` : sentence}"`;
      if (PAIN.test(sentence) && !RESOLVED.test(sentence) && !NEGATED_PAIN.test(sentence)) {
        for (const [part, sports] of BODY) {
          if (!part.test(sentence)) continue;
          for (const sport of sports) if (!out.avoid.some((a) => a.sport === sport)) out.avoid.push({ sport, reason: `you said ${quoted}` });
        }
      }
      if (ILL.test(sentence) && !/\b(not|no longer)\s+(ill|sick)\b/i.test(sentence)) {
        out.noHard = `you said ${quoted}`;
        out.volumeFactor = Math.min(out.volumeFactor, ILLNESS_VOLUME);
      } else if (FATIGUE.test(sentence)) {
        out.noHard ??= `you said ${quoted}`;
        out.volumeFactor = Math.min(out.volumeFactor, FATIGUE_VOLUME);
      }
    }
  }
  return out;
}
