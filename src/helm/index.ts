// Public entry of the Helm chart models.

import { modelGitlabAgentChart } from './gitlab-agent.js';
import { modelGitlabRunnerChart } from './gitlab-runner.js';
import type { ChartModel, ChartModelOptions, ChartName, HelmRelease } from './types.js';

export * from './types.js';
export { modelGitlabAgentChart, GITLAB_AGENT_DEFAULT_CHART_VERSION, OCS_CLUSTER_ROLE_RULES, OCS_ROLE_RULES } from './gitlab-agent.js';
export { modelGitlabRunnerChart, GITLAB_RUNNER_DEFAULT_CHART_VERSION, RUNNER_DEFAULT_RULE } from './gitlab-runner.js';
export {
  agentFullname,
  runnerFullname,
  chartFullname,
  chartShortName,
  truncName,
  defaultRelease,
  resolveRelease,
  releaseOrigins,
  describeRelease,
  releaseNameProblems,
  type FullnameResult,
  type FullnameRule,
  type ReleaseSources,
} from './release.js';
export { MASKED_SECRET_VALUE } from './objects.js';
export { applySetArgument, valuesFromSetArguments, type SetOptions } from './set-values.js';
export { goTruthy, valuesPathText } from './values.js';

/** Models `chart` for `values` in `release`. */
export function modelChart(chart: ChartName, values: unknown, release: HelmRelease, options?: ChartModelOptions): ChartModel {
  return chart === 'gitlab-agent' ? modelGitlabAgentChart(values, release, options) : modelGitlabRunnerChart(values, release, options);
}
export { chartModelObjects, describeOrigin, valuesPathFor, type ValuesLocation } from './to-objects.js';
