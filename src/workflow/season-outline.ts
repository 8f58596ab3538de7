/**
 * The season's phases moved to src/plan/season-outline.ts (the plan module owns the season
 * outline with its volume targets); this name stays for the workflow's callers.
 */
export { BUILD_WEEKS, PEAK_WEEKS, seasonPhases as seasonOutline, type SeasonPhase, TAPER_WEEKS } from '../plan/season-outline.js';
