// References from `.gitlab-ci.yml` to agents: the kubeconfig context a job selects
// (`kubectl config use-context`, `--context`, helm `--kube-context`, the Auto DevOps
// `KUBE_CONTEXT` variable) and client-side impersonation flags (`--as`, `--as-group`,
// `--as-uid`, helm `--kube-as-*`). GitLab names each agent's context
// `<agent config project full path>:<agent name>`.
//
// Variables are expanded from the job's effective variables and any predefined values the
// caller supplies; what cannot be expanded stays visible in `unresolved` and the reference is
// not judged (no guessing at run-time values).

import type { JsonPath } from '../model/path.js';
import { resolveJobs, type CiJob, type ScriptSection } from './ci-jobs.js';
import { expandVariables, parseAgentContext, type AgentContextName } from './ci-context.js';
import { findKubeInvocations } from './shell-commands.js';

export { checkCiReferences, type CiCheckContext } from './ci-checks.js';
export { expandVariables, parseAgentContext, type AgentContextName } from './ci-context.js';

export type CiReferenceKind = 'use-context' | 'context-flag' | 'kube-context-variable' | 'impersonation-flag';

export interface CiReference {
  readonly kind: CiReferenceKind;
  readonly job: string;
  /** Where the text is written: the script line or the variable value. */
  readonly path: JsonPath;
  /** Top-level key holding it: the job itself, a template it extends, 'default' or '(global)'. */
  readonly definedIn: string;
  readonly section: ScriptSection | 'variables';
  /** Position in the job's execution order (script lines); -1 for variables. */
  readonly order: number;
  readonly tool?: 'kubectl' | 'helm';
  /** The argument as written (quotes removed). */
  readonly raw: string;
  /** After expanding the variables we know. */
  readonly value: string;
  /** Variable names left unexpanded in `value`. */
  readonly unresolved: readonly string[];
  /** Set when `value` is fully known and has the `<project path>:<agent>` shape. */
  readonly context?: AgentContextName;
  /** impersonation-flag: which flag. */
  readonly flag?: string;
  /** impersonation-flag: the `--context` given on the same command (expanded), if any. */
  readonly commandContext?: string;
  readonly jobEnvironment?: { readonly name: string; readonly dynamic: boolean };
}

export interface CiScanResult {
  readonly jobs: readonly CiJob[];
  readonly references: readonly CiReference[];
}

export interface CiScanOptions {
  /** Predefined CI variables known offline, e.g. { CI_PROJECT_PATH: 'group/app' }. */
  readonly predefinedVariables?: Readonly<Record<string, string>>;
}

function jobLookup(job: CiJob, predefined: Readonly<Record<string, string>>) {
  return (name: string): { value: string; expand: boolean } | undefined => {
    const v = job.variables.get(name);
    if (v) return { value: v.value, expand: v.expand };
    const p = Object.prototype.hasOwnProperty.call(predefined, name) ? predefined[name] : undefined;
    return p === undefined ? undefined : { value: p, expand: false };
  };
}

/** Scan a parsed `.gitlab-ci.yml` document for agent references. Never throws. */
export function scanGitlabCi(data: unknown, options: CiScanOptions = {}): CiScanResult {
  const predefined = options.predefinedVariables ?? {};
  const jobs = resolveJobs(data);
  const references: CiReference[] = [];
  for (const job of jobs) {
    const lookup = jobLookup(job, predefined);
    const env = job.environment ? { jobEnvironment: { name: job.environment.name, dynamic: job.environment.dynamic } } : {};
    const make = (
      kind: CiReferenceKind,
      raw: string,
      where: { path: JsonPath; definedIn: string; section: ScriptSection | 'variables'; order: number },
      extra: { tool?: 'kubectl' | 'helm'; flag?: string; commandContext?: string } = {},
    ): CiReference => {
      const { value, unresolved } = expandVariables(raw, lookup);
      const context = unresolved.length === 0 && kind !== 'impersonation-flag' ? parseAgentContext(value) : undefined;
      return { kind, job: job.name, ...where, raw, value, unresolved, ...(context ? { context } : {}), ...extra, ...env };
    };

    const kube = job.variables.get('KUBE_CONTEXT');
    if (kube) {
      references.push(make('kube-context-variable', kube.value, { path: kube.path, definedIn: kube.definedIn, section: 'variables', order: -1 }));
    }
    job.lines.forEach((line, order) => {
      const where = { path: line.path, definedIn: line.definedIn, section: line.section, order };
      for (const inv of findKubeInvocations(line.text)) {
        const tool = { tool: inv.tool };
        if (inv.useContext !== undefined) references.push(make('use-context', inv.useContext, where, tool));
        if (inv.contextFlag !== undefined) references.push(make('context-flag', inv.contextFlag, where, tool));
        const commandContext = inv.contextFlag !== undefined ? expandVariables(inv.contextFlag, lookup).value : undefined;
        for (const imp of inv.impersonation) {
          references.push(
            make('impersonation-flag', imp.value, where, {
              ...tool,
              flag: imp.flag,
              ...(commandContext !== undefined ? { commandContext } : {}),
            }),
          );
        }
      }
    });
  }
  return { jobs, references };
}
