import type { Facts } from '../../analytics/facts.types.js';
import type { PlanView } from '../report-input.js';
import { noDataPlot, type PlotSpec } from './common.js';
import { durationCurvePlots } from './duration-curves.js';
import { fitnessFatigueFormPlot } from './fitness-fatigue-form.js';
import { fitnessProjectionPlot } from './fitness-projection.js';
import type { FitnessProjection } from '../../plan/projection.js';
import { intensityDistributionPlot } from './intensity-distribution.js';
import { plannedWeekPlot } from './planned-week.js';
import { renderSvg } from './render-svg.js';
import { weeklyLoadPlot } from './weekly-load.js';
import { wellnessTrendsPlot } from './wellness-trends.js';

export type { PlotSpec } from './common.js';

export interface RenderedPlot {
  name: string;
  title: string;
  description: string;
  svg: string;
}

/**
 * The report's six charts in report order, then a duration curve per curve the facts have (pure; no rendering). A chart without data is a
 * small "no data" chart saying why, never a crash or a silent gap.
 */
export function plotSpecs(facts: Facts | null, plan: PlanView | null, projection: FitnessProjection | null = null): PlotSpec[] {
  const noFacts = 'the facts of this analysis are not available';
  return [
    (facts && fitnessFatigueFormPlot(facts)) ?? noDataPlot('fitness-fatigue-form', 'Fitness, fatigue and form', facts ? 'no training load recorded yet' : noFacts),
    (facts && projection && fitnessProjectionPlot(facts, projection)) ??
      noDataPlot('fitness-projection', 'Expected fitness if the plan is done', facts ? 'this analysis has no structured plan to project' : noFacts),
    (facts && weeklyLoadPlot(facts)) ?? noDataPlot('weekly-load', 'Weekly load by sport', facts ? 'no weekly load recorded yet' : noFacts),
    (facts && intensityDistributionPlot(facts)) ?? noDataPlot('intensity-distribution', 'Intensity distribution', facts ? 'no heart rate or power zone time' : noFacts),
    (facts && wellnessTrendsPlot(facts)) ?? noDataPlot('wellness-trends', 'HRV, resting heart rate and sleep', facts ? 'no HRV, resting heart rate or sleep days' : noFacts),
    plannedWeekPlot(plan) ?? noDataPlot('planned-week', 'Planned week', 'this analysis has no weekly plan'),
    // Duration curves only when the facts have them (FIT imports with records).
    ...(facts ? durationCurvePlots(facts) : []),
  ];
}

/** Renders every chart to SVG, one after the other (each view is small; order is stable). */
export async function renderPlots(facts: Facts | null, plan: PlanView | null, projection: FitnessProjection | null = null): Promise<RenderedPlot[]> {
  const out: RenderedPlot[] = [];
  for (const plot of plotSpecs(facts, plan, projection)) {
    out.push({ name: plot.name, title: plot.title, description: plot.description, svg: await renderSvg(plot.spec) });
  }
  return out;
}
