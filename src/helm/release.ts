// Helm release name/namespace defaults and the charts' name helpers (gitlab-agent.md §5.2, §6.2).
//
// Default release, when neither `.kaslint.yaml` nor `--release`/`--release-namespace` say:
// - gitlab-agent with a known agent name: GitLab's generated install command,
//   `helm upgrade --install <agent> gitlab/gitlab-agent --namespace gitlab-agent-<agent>`,
//   so release `<agent>` in namespace `gitlab-agent-<agent>`.
// - gitlab-agent without an agent name: release `gitlab-agent` in namespace `gitlab-agent`
//   (the chart README installs release `gitlab-agent`; GitLab's generic docs example uses
//   namespace `gitlab-agent`).
// - gitlab-runner: release `gitlab-runner` in namespace `gitlab-runner` (the runner docs
//   install release `gitlab-runner` into a namespace of your choice; we pick the chart name).
// Every default is overridable, and findings that depend on it show where it came from.

import type { ChartName, HelmRelease, ReleaseOrigin, ReleaseSource } from './types.js';

/** `trunc 63 | trimSuffix "-"`: cut to 63 characters, then drop ONE trailing '-'. */
export function truncName(s: string, max = 63): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/** How a chart fullname was formed. */
export type FullnameRule =
  /** `fullnameOverride` (truncated). */
  | 'fullnameOverride'
  /** The release name alone (it contains / starts with the chart name). */
  | 'release'
  /** `<release>-<name>`. */
  | 'release-name';

export interface FullnameResult {
  readonly fullname: string;
  readonly rule: FullnameRule;
  /** The chart name used (`nameOverride` or the chart name). */
  readonly name: string;
}

/**
 * The chart's `<chart>.fullname` helper.
 * - gitlab-agent: `fullnameOverride`; else the release name if it CONTAINS the name
 *   (`nameOverride` or 'gitlab-agent'); else `<release>-<name>`.
 * - gitlab-runner: the same, but the release name must START WITH the name (`hasPrefix`).
 * All results are truncated to 63 characters with one trailing '-' trimmed.
 * Empty overrides count as unset (Go template truthiness).
 */
export function chartFullname(
  chart: ChartName,
  releaseName: string,
  overrides: { readonly fullnameOverride?: string; readonly nameOverride?: string } = {},
): FullnameResult {
  const name = overrides.nameOverride ? overrides.nameOverride : chart;
  if (overrides.fullnameOverride) return { fullname: truncName(overrides.fullnameOverride), rule: 'fullnameOverride', name };
  const releaseIsEnough = chart === 'gitlab-agent' ? releaseName.includes(name) : releaseName.startsWith(name);
  if (releaseIsEnough) return { fullname: truncName(releaseName), rule: 'release', name };
  return { fullname: truncName(`${releaseName}-${name}`), rule: 'release-name', name };
}

/** gitlab-agent chart fullname (release name containing 'gitlab-agent' is used as is). */
export function agentFullname(
  releaseName: string,
  overrides?: { readonly fullnameOverride?: string; readonly nameOverride?: string },
): string {
  return chartFullname('gitlab-agent', releaseName, overrides).fullname;
}

/** gitlab-runner chart fullname (release name starting with 'gitlab-runner' is used as is). */
export function runnerFullname(
  releaseName: string,
  overrides?: { readonly fullnameOverride?: string; readonly nameOverride?: string },
): string {
  return chartFullname('gitlab-runner', releaseName, overrides).fullname;
}

/** The `<chart>.name` helper: `nameOverride` or the chart name, truncated. */
export function chartShortName(chart: ChartName, nameOverride?: string): string {
  return truncName(nameOverride ? nameOverride : chart);
}

const DEFAULT_DESCRIPTION: Record<ChartName, string> = {
  'gitlab-agent': "default: GitLab's generated install command (helm upgrade --install <agent> gitlab/gitlab-agent --namespace gitlab-agent-<agent>)",
  'gitlab-runner': 'default: the runner docs install release gitlab-runner; namespace defaults to the chart name',
};

/**
 * The release GitLab's documented install command would use.
 * gitlab-agent: `<agent>` in `gitlab-agent-<agent>` when the agent name is known, else
 * `gitlab-agent` in `gitlab-agent`. gitlab-runner: `gitlab-runner` in `gitlab-runner`
 * (`agentName` is ignored).
 */
export function defaultRelease(chart: ChartName, agentName?: string): Required<Pick<HelmRelease, 'name' | 'namespace' | 'nameOrigin' | 'namespaceOrigin'>> {
  if (chart === 'gitlab-agent' && agentName) {
    const origin: ReleaseOrigin = { source: 'default', description: `${DEFAULT_DESCRIPTION[chart]} for agent "${agentName}"` };
    return { name: agentName, namespace: `gitlab-agent-${agentName}`, nameOrigin: origin, namespaceOrigin: origin };
  }
  const description =
    chart === 'gitlab-agent' ? 'default: release and namespace gitlab-agent (no agent name known)' : DEFAULT_DESCRIPTION[chart];
  const origin: ReleaseOrigin = { source: 'default', description };
  return { name: chart, namespace: chart, nameOrigin: origin, namespaceOrigin: origin };
}

export interface ReleaseSources {
  readonly chart: ChartName;
  /** Agent whose identity the chart installs (gitlab-agent), for the default. */
  readonly agentName?: string;
  /** `--release NAME` / `--release-namespace NS`. */
  readonly cli?: { readonly name?: string; readonly namespace?: string };
  /** The `.kaslint.yaml` values mapping entry. */
  readonly config?: { readonly name?: string; readonly namespace?: string; readonly ref?: ReleaseOrigin['ref'] };
}

/** Release name and namespace by precedence: command line, then `.kaslint.yaml`, then the default. */
export function resolveRelease(src: ReleaseSources): Required<Pick<HelmRelease, 'name' | 'namespace' | 'nameOrigin' | 'namespaceOrigin'>> {
  const d = defaultRelease(src.chart, src.agentName);
  const pick = (
    field: 'name' | 'namespace',
    flag: string,
    configKey: string,
  ): { value: string; origin: ReleaseOrigin } => {
    const cli = src.cli?.[field];
    if (cli) return { value: cli, origin: { source: 'cli', description: `command line ${flag}` } };
    const cfg = src.config?.[field];
    if (cfg) {
      const ref = src.config?.ref;
      return { value: cfg, origin: { source: 'project-config', description: `.kaslint.yaml ${configKey}`, ...(ref ? { ref } : {}) } };
    }
    return field === 'name' ? { value: d.name, origin: d.nameOrigin } : { value: d.namespace, origin: d.namespaceOrigin };
  };
  const n = pick('name', '--release', 'values[].release');
  const ns = pick('namespace', '--release-namespace', 'values[].namespace');
  return { name: n.value, namespace: ns.value, nameOrigin: n.origin, namespaceOrigin: ns.origin };
}

function originFromSource(source: ReleaseSource): ReleaseOrigin {
  switch (source) {
    case 'cli':
      return { source, description: 'command line --release / --release-namespace' };
    case 'project-config':
      return { source, description: '.kaslint.yaml values mapping' };
    case 'manifest':
      return { source, description: 'Flux HelmRelease (releaseName / targetNamespace)' };
    case 'default':
      return { source, description: 'default release (GitLab install command)' };
  }
}

/** Per-field origins of a release given with the `from` shorthand (or none). */
export function releaseOrigins(r: HelmRelease): { nameOrigin?: ReleaseOrigin; namespaceOrigin?: ReleaseOrigin } {
  const fallback = r.from ? originFromSource(r.from) : undefined;
  const nameOrigin = r.nameOrigin ?? fallback;
  const namespaceOrigin = r.namespaceOrigin ?? fallback;
  return { ...(nameOrigin ? { nameOrigin } : {}), ...(namespaceOrigin ? { namespaceOrigin } : {}) };
}

/** One line for findings: `release "test" in namespace "gitlab-agent" (release from …; namespace from …)`. */
export function describeRelease(r: HelmRelease): string {
  const o = releaseOrigins(r);
  const parts: string[] = [];
  if (o.nameOrigin && o.namespaceOrigin && o.nameOrigin.description === o.namespaceOrigin.description) {
    parts.push(o.nameOrigin.description);
  } else {
    if (o.nameOrigin) parts.push(`name from ${o.nameOrigin.description}`);
    if (o.namespaceOrigin) parts.push(`namespace from ${o.namespaceOrigin.description}`);
  }
  const base = `Helm release "${r.name}" in namespace "${r.namespace}"`;
  return parts.length > 0 ? `${base} (${parts.join('; ')})` : base;
}

const RELEASE_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problems Helm 3 would report for a release name (max 53 characters, DNS-1123 subdomain). */
export function releaseNameProblems(name: string): string[] {
  const out: string[] = [];
  if (name.length === 0) out.push('the release name is empty');
  else {
    if (name.length > 53) out.push(`the release name "${name}" is longer than 53 characters`);
    if (!RELEASE_NAME_RE.test(name)) out.push(`the release name "${name}" is not a lowercase DNS-1123 name`);
  }
  return out;
}
