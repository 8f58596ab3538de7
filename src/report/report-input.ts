import type { Facts } from '../analytics/facts.types.js';
import type { AnalysisDetail, FileItem, ResultItem } from '../db/results.repository.js';
import { calendarStrip, seasonLines, stepsText } from '../plan/plan-text.js';
import type { SeasonOutline } from '../plan/season-outline.js';
import type { TrainingPlan, WorkoutItem } from '../plan/plan.types.js';
import type { FitnessProjection } from '../plan/projection.js';

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
  /** Expected fitness if the plan is done (src/plan/projection.ts); null without facts or a structured plan. */
  projection?: FitnessProjection | null;
  /** When this rendering was made (ISO). */
  generatedAt: string;
}

/** One row of the plan table: a session, or a rest day (sport 'rest'). */
export interface PlanDayView {
  date: string;
  sport: string;
  title: string;
  intensity: string;
  duration_min: number | null;
  plannedLoad: number | null;
  /** Purpose and steps with targets in words (version 2), or the description (version 1). */
  description: string;
}

/** The plan as the reports show it; read defensively from `analysis.weekly_plan` (version 1 or 2). */
export interface PlanView {
  schemaVersion: number;
  source: string | null;
  weekStart: string | null;
  phase: string | null;
  targetLoad: number | null;
  loadCap: number | null;
  totalPlannedLoad: number | null;
  rules: string[];
  days: PlanDayView[];
  /** The 28 days as rows of seven cells (version 2 only; empty otherwise). */
  calendar: Array<Array<{ date: string; label: string }>>;
  changes: string[];
  /** The season outline stored with the plan (plan schema 2, minor 1): one line per block, and how the athlete's words shaped it. */
  season: { blocks: string[]; constraints: string[] } | null;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const isObj = (d: unknown): d is Record<string, unknown> => Boolean(d) && typeof d === 'object';

/** Turns the stored plan (any JSON) into a PlanView; null when it holds no days. */
export function planViewOf(stored: unknown): PlanView | null {
  if (!isObj(stored)) return null;
  const plan = stored;
  const days = Array.isArray(plan.days) ? plan.days.filter(isObj) : [];
  if (days.length === 0) return null;
  const v2 = plan.schemaVersion === 2 && days.every((d) => Array.isArray(d.sessions));
  const rows: PlanDayView[] = v2
    ? days.flatMap((d) => {
        const sessions = (d.sessions as unknown[]).filter(isObj);
        if (sessions.length === 0) return [{ date: str(d.date), sport: 'rest', title: 'Rest', intensity: 'rest', duration_min: 0, plannedLoad: 0, description: str(d.note) || 'rest' }];
        return sessions.map((s) => ({
          date: str(d.date),
          sport: str(s.sport),
          title: str(s.title),
          intensity: str(s.intensity),
          duration_min: num(s.duration_min),
          plannedLoad: num(s.plannedLoad),
          description: [str(s.purpose), Array.isArray(s.steps) ? safeSteps(s.steps, str(s.sport)) : '', d.note ? `(${str(d.note)})` : ''].filter(Boolean).join(' '),
        }));
      })
    : days.map((d) => ({
        date: str(d.date),
        sport: str(d.sport),
        title: str(d.title),
        intensity: str(d.intensity),
        duration_min: num(d.duration_min),
        plannedLoad: num(d.plannedLoad),
        description: str(d.description),
      }));
  return {
    schemaVersion: v2 ? 2 : 1,
    source: typeof plan.source === 'string' ? plan.source : null,
    weekStart: typeof plan.weekStart === 'string' ? plan.weekStart : null,
    phase: typeof plan.phase === 'string' ? plan.phase : null,
    targetLoad: num(plan.targetLoad),
    loadCap: num(plan.loadCap),
    totalPlannedLoad: num(plan.totalPlannedLoad),
    rules: Array.isArray(plan.rules) ? plan.rules.map(str) : [],
    days: rows,
    calendar: v2 ? safeCalendar(plan) : [],
    changes: Array.isArray(plan.changes) ? plan.changes.map(str) : [],
    season: v2 ? safeSeason(plan.season) : null,
  };
}

/** The stored season outline in words; a malformed one shows nothing rather than failing the report. */
function safeSeason(season: unknown): PlanView['season'] {
  if (!isObj(season) || !Array.isArray(season.blocks)) return null;
  try {
    const constraints = Array.isArray(season.constraints) ? season.constraints.map(str) : [];
    return { blocks: seasonLines(season as unknown as SeasonOutline), constraints };
  } catch {
    return null;
  }
}

/** Steps in words; a malformed stored plan shows no steps rather than failing the report. */
function safeSteps(steps: unknown[], sport: string): string {
  try {
    return `Steps: ${stepsText(steps as WorkoutItem[], sport)}.`;
  } catch {
    return '';
  }
}

function safeCalendar(plan: Record<string, unknown>): PlanView['calendar'] {
  try {
    return calendarStrip({ days: plan.days as TrainingPlan['days'], weeks: Array.isArray(plan.weeks) ? (plan.weeks as TrainingPlan['weeks']) : [] });
  } catch {
    return [];
  }
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

/** A workflow step's time for tables: from the milliseconds the workflow stores in `data`, else the seed's whole seconds. */
export function stepSeconds(r: { processingTime: number | null; data?: unknown }): string {
  const ms = (r.data as { processingMs?: unknown } | null | undefined)?.processingMs;
  if (typeof ms === 'number' && Number.isFinite(ms)) return (ms / 1000).toFixed(3);
  return r.processingTime === null ? '' : r.processingTime.toFixed(2);
}
