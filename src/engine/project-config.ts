import { isRecord } from '../model/k8s.js';
import { isSeverity, type Severity } from '../model/finding.js';
import { EMPTY_PROJECT_CONFIG, type RuleSetting, type PathOverride, type ProjectConfig, type ValuesMapping } from '../model/project-config.js';
import { isChartName } from '../model/classify.js';

export type ProjectConfigResult = { readonly ok: true; readonly config: ProjectConfig } | { readonly ok: false; readonly errors: readonly string[] };

function severityOrOff(v: unknown): v is RuleSetting {
  return v === 'off' || v === 'on' || isSeverity(v);
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function idMap(v: unknown, where: string, errors: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  if (v === undefined) return out;
  if (!isRecord(v)) {
    errors.push(`${where} must be a mapping of full paths to numeric ids`);
    return out;
  }
  for (const [k, id] of Object.entries(v)) {
    if (typeof id === 'number' && Number.isInteger(id) && id > 0) out[k] = id;
    else errors.push(`${where}.${k} must be a positive integer`);
  }
  return out;
}

/**
 * Read `.kaslint.yaml` data into a ProjectConfig. Every problem is collected so the user
 * sees all of them at once; the JSON Schema (`kaslint schema config`) documents the shape.
 */
export function parseProjectConfig(data: unknown): ProjectConfigResult {
  if (data === null || data === undefined) return { ok: true, config: EMPTY_PROJECT_CONFIG };
  if (!isRecord(data)) return { ok: false, errors: ['the project config must be a mapping'] };
  const errors: string[] = [];
  const known = new Set(['rules', 'ignore', 'overrides', 'kubernetesVersion', 'values', 'configProject', 'gitlab', 'baseline']);
  for (const k of Object.keys(data)) if (!known.has(k)) errors.push(`unknown key "${k}"`);

  const rules: Record<string, RuleSetting> = {};
  if (data['rules'] !== undefined) {
    if (!isRecord(data['rules'])) errors.push('rules must map rule ids to a severity or "off"');
    else
      for (const [id, sev] of Object.entries(data['rules'])) {
        if (severityOrOff(sev)) rules[id] = sev;
        else errors.push(`rules.${id} must be one of off, on, info, warning, error, critical`);
      }
  }
  const ignore = data['ignore'] === undefined ? [] : stringList(data['ignore']);
  if (!ignore) errors.push('ignore must be a list of globs');

  const overrides: PathOverride[] = [];
  if (data['overrides'] !== undefined) {
    if (!Array.isArray(data['overrides'])) errors.push('overrides must be a list');
    else
      data['overrides'].forEach((o: unknown, i: number) => {
        const files = isRecord(o) ? stringList(o['files']) : undefined;
        const r = isRecord(o) ? o['rules'] : undefined;
        if (!files || !isRecord(r) || !Object.values(r).every(severityOrOff)) {
          errors.push(`overrides[${i}] needs files (list of globs) and rules (rule id → severity or "off")`);
          return;
        }
        overrides.push({ files, rules: r as Record<string, RuleSetting> });
      });
  }

  const values: ValuesMapping[] = [];
  if (data['values'] !== undefined) {
    if (!Array.isArray(data['values'])) errors.push('values must be a list');
    else
      data['values'].forEach((v: unknown, i: number) => {
        if (!isRecord(v) || typeof v['path'] !== 'string' || !isChartName(v['chart'])) {
          errors.push(`values[${i}] needs path and chart (gitlab-agent or gitlab-runner)`);
          return;
        }
        for (const k of ['release', 'namespace', 'agent'] as const) {
          if (v[k] !== undefined && typeof v[k] !== 'string') errors.push(`values[${i}].${k} must be a string`);
        }
        values.push({
          path: v['path'],
          chart: v['chart'],
          ...(typeof v['release'] === 'string' ? { release: v['release'] } : {}),
          ...(typeof v['namespace'] === 'string' ? { namespace: v['namespace'] } : {}),
          ...(typeof v['agent'] === 'string' ? { agent: v['agent'] } : {}),
        });
      });
  }

  const k8s = data['kubernetesVersion'];
  if (k8s !== undefined && (typeof k8s !== 'string' || !/^\d+\.\d+$/.test(k8s))) errors.push('kubernetesVersion must be a string like "1.35"');
  const configProject = data['configProject'];
  if (configProject !== undefined && typeof configProject !== 'string') errors.push('configProject must be a full project path');
  const baseline = data['baseline'];
  if (baseline !== undefined && typeof baseline !== 'string') errors.push('baseline must be a file path');
  const gitlab = isRecord(data['gitlab']) ? data['gitlab'] : {};
  if (data['gitlab'] !== undefined && !isRecord(data['gitlab'])) errors.push('gitlab must be a mapping');
  const gitlabVersion = gitlab['version'];
  if (gitlabVersion !== undefined && (typeof gitlabVersion !== 'string' || !/^\d+\.\d+$/.test(gitlabVersion))) errors.push('gitlab.version must be a string like "18.2"');

  const config: ProjectConfig = {
    rules,
    ignore: ignore ?? [],
    overrides,
    values,
    ...(typeof k8s === 'string' ? { kubernetesVersion: k8s } : {}),
    ...(typeof configProject === 'string' ? { configProject } : {}),
    ...(typeof baseline === 'string' ? { baseline } : {}),
    gitlab: {
      projects: idMap(gitlab['projects'], 'gitlab.projects', errors),
      groups: idMap(gitlab['groups'], 'gitlab.groups', errors),
      agents: idMap(gitlab['agents'], 'gitlab.agents', errors),
      ...(typeof gitlabVersion === 'string' ? { version: gitlabVersion } : {}),
    },
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}
