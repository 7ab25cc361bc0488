import type { Finding, FindingLocation } from '../../src/model/finding.js';
import type { JsonPath } from '../../src/model/path.js';
import type { RuleMeta } from '../../src/rules/types.js';
import type { ReportContext, ReportInputData } from '../../src/report/types.js';

/**
 * One hand-built set of findings that every format's golden file renders. It covers: several
 * files (and one analysed file with no findings), every severity, an inline suppression and a
 * baseline suppression, a multi-line range, related locations with and without a position, object
 * identities with and without a namespace, a finding on line 1 column 1, standard input, and a
 * message with `|`, `<`, `&`, both quote kinds and a newline.
 *
 * Offsets are not read by any reporter, so they are left at 0.
 */
function at(file: string, start: [number, number], end: [number, number], path: JsonPath, exact = true): FindingLocation {
  return {
    file,
    range: { start: { line: start[0], column: start[1] }, end: { line: end[0], column: end[1] }, startOffset: 0, endOffset: 0 },
    path,
    exact,
  };
}

const AGENT = '.gitlab/agents/prod/config.yaml';
const RBAC = 'deploy/rbac.yaml';
const VALUES = 'values.yaml';
const STDIN = '<stdin>';

/** Sorted as the engine sorts (file, line, column, rule, severity, message, fingerprint). */
export const FINDINGS: readonly Finding[] = [
  {
    ruleId: 'agent/unknown-key',
    severity: 'error',
    message: 'unknown key "ci_acces" (did you mean "ci_access"?): the agent rejects the whole file',
    location: at(AGENT, [1, 1], [1, 9], ['ci_acces']),
    related: [],
    help: 'Fix the spelling or remove the key.',
    fingerprint: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    suppressions: [],
  },
  {
    ruleId: 'yaml/yaml11-scalar',
    severity: 'info',
    message: 'no is a string in YAML 1.2 but false in YAML 1.1',
    location: at(AGENT, [6, 14], [6, 16], ['ci_access', 'projects', 0, 'default_namespace']),
    related: [],
    help: 'Quote the value if a string is meant.',
    fingerprint: '11111111111111111111111111111111',
    suppressions: [{ kind: 'inline', justification: 'the namespace is really called "no"' }],
  },
  {
    ruleId: 'yaml/duplicate-key',
    severity: 'error',
    message: 'duplicate key "a": only the last value is kept',
    location: at(STDIN, [2, 1], [2, 2], ['a']),
    related: [{ message: 'first defined here', location: at(STDIN, [1, 1], [1, 2], ['a']) }],
    help: 'Remove or merge the repeated key so that each key appears once in its mapping.',
    fingerprint: '22222222222222222222222222222222',
    suppressions: [],
  },
  {
    ruleId: 'rbac/wildcard-verb',
    severity: 'warning',
    message: 'Role "apps/deployer" grants every verb on pods|pods/exec <all> & more\nsecond line: it\'s \'quoted\'',
    location: at(RBAC, [5, 3], [8, 14], ['rules', 0]),
    object: { kind: 'Role', namespace: 'apps', name: 'deployer' },
    related: [
      { message: 'bound to ServiceAccount "apps/ci" by RoleBinding "deployer"', location: at(RBAC, [20, 3], [20, 21], ['subjects', 0]) },
      { message: 'every CI job of group/app gets it through ci_access' },
    ],
    help: 'List only the verbs the workload needs, for example ["get", "list"].',
    fingerprint: '33333333333333333333333333333333',
    suppressions: [],
  },
  {
    ruleId: 'rbac/wildcard-verb',
    severity: 'warning',
    message: 'Role "apps/deployer" grants every verb on secrets',
    location: at(RBAC, [14, 12], [14, 17], ['rules', 1, 'verbs']),
    object: { kind: 'Role', namespace: 'apps', name: 'deployer' },
    related: [],
    help: 'List only the verbs the workload needs, for example ["get", "list"].',
    fingerprint: '44444444444444444444444444444444',
    suppressions: [],
  },
  {
    ruleId: 'rbac/cluster-admin-binding',
    severity: 'critical',
    message: 'ClusterRoleBinding "ci-admin" grants cluster-admin to Group "gitlab:ci"',
    location: at(RBAC, [31, 3], [31, 24], ['roleRef', 'name']),
    object: { kind: 'ClusterRoleBinding', name: 'ci-admin' },
    related: [],
    help: 'Bind a role that lists only the permissions the subject needs.',
    fingerprint: '55555555555555555555555555555555',
    suppressions: [],
  },
  {
    ruleId: 'rbac/cluster-admin-binding',
    severity: 'critical',
    message: 'the gitlab-agent chart binds its ServiceAccount to cluster-admin',
    location: at(VALUES, [12, 1], [12, 20], ['rbac', 'useExistingRole'], false),
    object: { kind: 'ClusterRoleBinding', name: 'gitlab-agent' },
    related: [],
    help: 'Set rbac.useExistingRole to a role that lists only what the agent needs.',
    fingerprint: '66666666666666666666666666666666',
    suppressions: [{ kind: 'baseline', justification: 'accepted in .kaslint-baseline.json' }],
  },
  {
    ruleId: 'yaml/yaml11-scalar',
    severity: 'info',
    message: 'on is a string in YAML 1.2 but true in YAML 1.1',
    location: at(VALUES, [20, 5], [20, 7], ['config', 'observability']),
    related: [],
    help: 'Quote the value if a string is meant.',
    fingerprint: '77777777777777777777777777777777',
    suppressions: [],
  },
];

/** Rule catalog for the SARIF driver: every rule above plus one (io/not-text) with no findings. */
export const RULE_METAS: readonly RuleMeta[] = [
  {
    id: 'agent/unknown-key',
    category: 'agent',
    description: 'The agent configuration has a key the agent does not know, so the agent rejects the whole file.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Fix the spelling or remove the key.',
    since: '0.1.0',
  },
  {
    id: 'io/not-text',
    category: 'io',
    description: 'A file is binary or not valid UTF-8, so it cannot be YAML or JSON.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Save the file as UTF-8 text, or exclude it if it is not a manifest.',
    since: '0.1.0',
  },
  {
    id: 'rbac/cluster-admin-binding',
    category: 'rbac',
    description: 'A binding grants the cluster-admin ClusterRole.',
    defaultSeverity: 'critical',
    recommended: true,
    remediation: 'Bind a role that lists only the permissions the subject needs.',
    since: '0.2.0',
  },
  {
    id: 'rbac/wildcard-verb',
    category: 'rbac',
    description: 'A Role or ClusterRole grants every verb ("*").',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'List only the verbs the workload needs, for example ["get", "list"].',
    since: '0.2.0',
  },
  {
    id: 'yaml/duplicate-key',
    category: 'yaml',
    description: 'A mapping repeats a key; the later value silently replaces the earlier one.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Remove or merge the repeated key so that each key appears once in its mapping.',
    since: '0.1.0',
  },
  {
    id: 'yaml/yaml11-scalar',
    category: 'yaml',
    description: 'A plain scalar that YAML 1.1 reads as a boolean, such as no, on or yes.',
    defaultSeverity: 'info',
    recommended: false,
    remediation: 'Quote the value if a string is meant.',
    since: '0.1.0',
  },
];

/** Files analysed, sorted as `check` sorts them; deploy/clean.yaml has no findings. */
export const FILES: readonly string[] = [AGENT, STDIN, 'deploy/clean.yaml', RBAC, VALUES];

export const DATA: ReportInputData = { findings: FINDINGS, internalErrors: [] };

export const CONTEXT: ReportContext = {
  color: false,
  sources: () => undefined,
  files: FILES,
  failOn: 'error',
  toolVersion: '0.1.0',
  rules: RULE_METAS,
};
