import { Minimatch } from 'minimatch';
import type { ChartName, ValuesMapping } from './project-config.js';
import { isRecord } from './k8s.js';

const AGENT_CONFIG_RE = /(?:^|\/)\.gitlab\/agents\/([^/]+)\/config\.yaml$/;

/** `.gitlab/agents/<name>/config.yaml` (exact spelling KAS reads) → the agent name. */
export function agentNameFromPath(path: string): string | undefined {
  return AGENT_CONFIG_RE.exec(path)?.[1];
}

export function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '.' : path.slice(0, i);
}

export function isGitlabCiPath(path: string): boolean {
  return basename(path) === '.gitlab-ci.yml' || basename(path) === '.gitlab-ci.yaml';
}

export function isProjectConfigPath(path: string): boolean {
  const b = basename(path);
  return b === '.kaslint.yaml' || b === '.kaslint.yml';
}

export function isChartMetadataPath(path: string): boolean {
  return basename(path) === 'Chart.yaml';
}

/** Values files of a chart directory: values.yaml, values-prod.yaml, values.prod.yml … */
export function isValuesFileName(name: string): boolean {
  return /^values([-._][A-Za-z0-9._-]+)?\.ya?ml$/.test(name);
}

export function isChartName(v: unknown): v is ChartName {
  return v === 'gitlab-agent' || v === 'gitlab-runner';
}

export interface ChartYamlInfo {
  /** The chart itself is gitlab-agent/gitlab-runner (a vendored chart). */
  readonly chart?: ChartName;
  /** Umbrella chart dependencies: values key (alias or name) → chart. */
  readonly dependencies: readonly { readonly key: string; readonly chart: ChartName }[];
}

export function readChartYaml(data: unknown): ChartYamlInfo {
  if (!isRecord(data)) return { dependencies: [] };
  const chart = isChartName(data['name']) ? data['name'] : undefined;
  const deps: { key: string; chart: ChartName }[] = [];
  const list = data['dependencies'];
  if (Array.isArray(list)) {
    for (const d of list) {
      if (!isRecord(d) || !isChartName(d['name'])) continue;
      const alias = typeof d['alias'] === 'string' && d['alias'] !== '' ? d['alias'] : d['name'];
      deps.push({ key: alias, chart: d['name'] });
    }
  }
  return { ...(chart ? { chart } : {}), dependencies: deps };
}

/**
 * Recognise chart values by their shape when nothing else says what they are:
 * the agent chart is configured under `config.kasAddress`/`config.token`, the runner
 * chart by `gitlabUrl` together with its runner keys.
 */
export function chartFromValuesShape(data: unknown): ChartName | undefined {
  if (!isRecord(data) || 'apiVersion' in data || 'kind' in data) return undefined;
  const config = data['config'];
  if (isRecord(config) && ('kasAddress' in config || 'token' in config || 'secretName' in config)) return 'gitlab-agent';
  if ('gitlabUrl' in data && ('runners' in data || 'runnerToken' in data || 'runnerRegistrationToken' in data || 'rbac' in data)) {
    return 'gitlab-runner';
  }
  return undefined;
}

export function findValuesMapping(path: string, mappings: readonly ValuesMapping[]): ValuesMapping | undefined {
  return mappings.find((m) => m.path === path || new Minimatch(m.path, { dot: true }).match(path));
}

/** Helm template syntax: `{{` outside of a YAML comment. */
export function looksLikeTemplate(text: string): boolean {
  let i = text.indexOf('{{');
  while (i !== -1) {
    const lineStart = text.lastIndexOf('\n', i) + 1;
    const before = text.slice(lineStart, i);
    if (!before.trimStart().startsWith('#')) return true;
    i = text.indexOf('{{', i + 2);
  }
  return false;
}
