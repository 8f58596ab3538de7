import { buildFacts } from '../analytics/build-facts.js';
import type { Facts } from '../analytics/facts.types.js';
import { loadFactsInput } from '../db/training-data.repository.js';
import type { WorkflowServices } from './services.js';
import type { AnalysisStateType } from './state.js';

/**
 * The facts of this run. They are kept out of the checkpointed state: a year of facts is
 * ~200 KB, and writing it into every checkpoint cost most of the run's time on PGlite. They
 * are computed once per process (load_data, or the first node after a resume) from the same
 * rows and as-of date, since buildFacts is pure; a resumed run therefore sees data imported
 * in between, which is what the athlete would expect.
 */
export async function factsFor(state: AnalysisStateType, services: WorkflowServices): Promise<Facts> {
  if (!services.factsCache) {
    const input = await loadFactsInput(services.db, { userId: services.userId, configId: services.configId, today: state.settings!.today });
    services.factsCache = buildFacts(input);
  }
  return services.factsCache;
}
