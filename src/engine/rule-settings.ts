import { Minimatch } from 'minimatch';
import type { Severity } from '../model/finding.js';
import type { ProjectConfig, RuleSetting } from '../model/project-config.js';
import type { RuleMeta } from '../rules/types.js';

/**
 * The severity a finding gets: the rule's own (or the one the rule graded), replaced by
 * the project config, then by per-path overrides, then by the command line.
 */
export function severityFor(
  meta: RuleMeta,
  config: ProjectConfig,
  cli: Readonly<Record<string, RuleSetting>> | undefined,
  file: string | undefined,
  graded?: Severity,
): Severity | 'off' {
  const own: Severity = graded ?? meta.defaultSeverity;
  // 'on' enables a rule and keeps the severity it grades each finding with.
  const apply = (setting: RuleSetting): Severity | 'off' => (setting === 'on' ? own : setting);
  let sev: Severity | 'off' = own;
  const fromConfig = config.rules[meta.id];
  if (fromConfig !== undefined) sev = apply(fromConfig);
  if (file !== undefined) {
    for (const o of config.overrides) {
      const setting = o.rules[meta.id];
      if (setting !== undefined && o.files.some((g) => new Minimatch(g, { dot: true }).match(file))) sev = apply(setting);
    }
  }
  const fromCli = cli?.[meta.id];
  if (fromCli !== undefined) sev = apply(fromCli);
  return sev;
}
