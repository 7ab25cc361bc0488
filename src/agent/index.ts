// Public surface of the GitLab-agent semantics module (pure functions over plain data).

export * from './paths.js';
export * from './config-model.js';
export * from './reference-checks.js';
export * from './environment-matcher.js';
export * from './authorization.js';
export * from './identities.js';
export * from './gitlab-ci.js';
export type { AgentIssue, AgentIssueSeverity } from './issues.js';
export type { CiJob, ScriptLine, CiVariable } from './ci-jobs.js';
