import type { Severity } from './finding.js';

export type ChartName = 'gitlab-agent' | 'gitlab-runner';

export interface ValuesMapping {
  /** Glob (minimatch) or path of the values file, relative to the working directory. */
  readonly path: string;
  readonly chart: ChartName;
  readonly release?: string;
  readonly namespace?: string;
  /** Agent whose identity this chart installs (gitlab-agent chart). */
  readonly agent?: string;
}

/**
 * A rule's setting: a severity (every finding gets it), 'on' (enabled with the severity the
 * rule grades each finding with) or 'off'.
 */
export type RuleSetting = Severity | 'on' | 'off';

export interface PathOverride {
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, RuleSetting>>;
}

/** The project's `.kaslint.yaml`, after validation, with defaults filled in by readers. */
export interface ProjectConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly string[];
  readonly overrides: readonly PathOverride[];
  readonly kubernetesVersion?: string;
  readonly values: readonly ValuesMapping[];
  /** Full path of the GitLab project that holds the agent configs (group/sub/project). */
  readonly configProject?: string;
  /** Numeric GitLab ids, for CI-job and user identity simulation. */
  readonly gitlab: {
    readonly projects: Readonly<Record<string, number>>;
    readonly groups: Readonly<Record<string, number>>;
    readonly agents: Readonly<Record<string, number>>;
    /** GitLab version (major.minor, e.g. "18.2"), to compare agentk against. */
    readonly version?: string;
  };
  readonly baseline?: string;
}

export const EMPTY_PROJECT_CONFIG: ProjectConfig = {
  rules: {},
  ignore: [],
  overrides: [],
  values: [],
  gitlab: { projects: {}, groups: {}, agents: {} },
};
