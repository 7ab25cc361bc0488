import { Minimatch } from 'minimatch';
import type { Severity } from '../model/finding.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { RuleMeta } from '../rules/types.js';

/**
 * The severity a finding gets: the rule's own (or the one the rule graded), replaced by
 * the project config, then by per-path overrides, then by the command line.
 */
export function severityFor(
  meta: RuleMeta,
  config: ProjectConfig,
  cli: Readonly<Record<string, Severity | 'off'>> | undefined,
  file: string | undefined,
  graded?: Severity,
): Severity | 'off' {
  let sev: Severity | 'off' = graded ?? meta.defaultSeverity;
  const fromConfig = config.rules[meta.id];
  if (fromConfig !== undefined) sev = fromConfig;
  if (file !== undefined) {
    for (const o of config.overrides) {
      const setting = o.rules[meta.id];
      if (setting !== undefined && o.files.some((g) => new Minimatch(g, { dot: true }).match(file))) sev = setting;
    }
  }
  const fromCli = cli?.[meta.id];
  if (fromCli !== undefined) sev = fromCli;
  return sev;
}
