import type { Facts } from '../analytics/facts.types.js';
import type { AnalysisDetail, FileItem, ResultItem } from '../db/results.repository.js';

/**
 * What every renderer (JSON, Markdown, HTML, plots) takes: plain typed data, already read
 * from the rows. Renderers do no I/O, so they are tested with fixture objects.
 */
export interface ReportInput {
  analysis: AnalysisDetail;
  results: ResultItem[];
  files: FileItem[];
  /** The facts the analysis was computed from; null when they cannot be found or rebuilt. */
  facts: Facts | null;
  weeklyPlan: PlanView | null;
  /** When this rendering was made (ISO). */
  generatedAt: string;
}

export interface PlanDayView {
  date: string;
  sport: string;
  title: string;
  intensity: string;
  duration_min: number | null;
  plannedLoad: number | null;
  description: string;
}

/** The weekly plan as the reports show it; read defensively from `analysis.weekly_plan`. */
export interface PlanView {
  weekStart: string | null;
  phase: string | null;
  targetLoad: number | null;
  loadCap: number | null;
  totalPlannedLoad: number | null;
  rules: string[];
  days: PlanDayView[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Turns the stored plan (any JSON) into a PlanView; null when it holds no days. */
export function planViewOf(stored: unknown): PlanView | null {
  if (!stored || typeof stored !== 'object') return null;
  const plan = stored as Record<string, unknown>;
  const days = Array.isArray(plan.days) ? plan.days : [];
  if (days.length === 0) return null;
  return {
    weekStart: typeof plan.weekStart === 'string' ? plan.weekStart : null,
    phase: typeof plan.phase === 'string' ? plan.phase : null,
    targetLoad: num(plan.targetLoad),
    loadCap: num(plan.loadCap),
    totalPlannedLoad: num(plan.totalPlannedLoad),
    rules: Array.isArray(plan.rules) ? plan.rules.map(str) : [],
    days: days
      .filter((d): d is Record<string, unknown> => Boolean(d) && typeof d === 'object')
      .map((d) => ({
        date: str(d.date),
        sport: str(d.sport),
        title: str(d.title),
        intensity: str(d.intensity),
        duration_min: num(d.duration_min),
        plannedLoad: num(d.plannedLoad),
        description: str(d.description),
      })),
  };
}

/** True when `value` looks like a whole Facts object (not the short data summary). */
export function isFacts(value: unknown): value is Facts {
  const v = value as Partial<Facts> | null;
  return Boolean(v && typeof v === 'object' && typeof v.today === 'string' && v.load && Array.isArray(v.load.daily) && v.wellness && v.intensity);
}

/** A short id for titles and file names. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** 'YYYY-MM-DD' of a timestamp or date value from the database. */
export function dayOf(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
}
