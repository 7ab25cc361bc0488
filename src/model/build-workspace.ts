import { parseYamlDocuments, type ParsedDocument } from '../load/parse-yaml.js';
import type { SourceFile } from '../load/source-file.js';
import { conflictMarkers } from '../load/conflict-markers.js';
import {
  agentNameFromPath,
  chartFromValuesShape,
  dirname,
  basename,
  findValuesMapping,
  isChartMetadataPath,
  isGitlabCiPath,
  isProjectConfigPath,
  isValuesFileName,
  looksLikeTemplate,
  readChartYaml,
  type ChartYamlInfo,
} from './classify.js';
import { isRecord, makeObject, type K8sObject } from './k8s.js';
import type { ChartName, ProjectConfig, ValuesMapping } from './project-config.js';
import type {
  AgentConfigInput,
  FileRole,
  InputFile,
  ReadProblem,
  ReleaseInfo,
  ValuesInput,
  Workspace,
} from './workspace.js';

export interface BuildOptions {
  readonly projectConfig: ProjectConfig;
  readonly kubernetesVersion: string;
  /** `--values CHART=PATH` plus `--release`/`--release-namespace`. */
  readonly cliValues?: readonly ValuesMapping[];
  /** Documents already parsed (load/parse-pool), by path; other files are parsed here. */
  readonly parsed?: ReadonlyMap<string, ParsedDocument[]>;
}

/** Files that may need parsing: not conflicted and not Helm templates by their text. */
export function mayNeedParsing(s: SourceFile): boolean {
  return conflictMarkers(s).length === 0 && !looksLikeTemplate(s.text);
}

/** Classify and parse every read file into the workspace that rules and commands use. */
export function buildWorkspace(sources: readonly SourceFile[], problems: readonly ReadProblem[], options: BuildOptions): Workspace {
  const cliValues = options.cliValues ?? [];
  const mappings = [...cliValues, ...options.projectConfig.values];
  const parsed = new Map<string, ParsedDocument[]>();
  const parse = (s: SourceFile): ParsedDocument[] => {
    let docs = parsed.get(s.path);
    if (!docs) {
      docs = options.parsed?.get(s.path) ?? parseYamlDocuments(s);
      parsed.set(s.path, docs);
    }
    return docs;
  };

  // Chart.yaml files first: they decide which neighbouring files are chart values.
  const chartDirs = new Map<string, ChartYamlInfo>();
  for (const s of sources) {
    if (isChartMetadataPath(s.path)) chartDirs.set(dirname(s.path), readChartYaml(parse(s)[0]?.data));
  }

  const files: InputFile[] = [];
  const objects: K8sObject[] = [];
  const agentConfigs: AgentConfigInput[] = [];
  const valuesCandidates: Omit<ValuesInput, 'release'>[] = [];
  const valuesMappingOf = new Map<string, ValuesMapping>();
  const ciFiles: InputFile[] = [];
  const templates: InputFile[] = [];

  for (const s of sources) {
    const mapping = findValuesMapping(s.path, mappings);
    const chartDir = chartDirs.get(dirname(s.path));
    const inTemplatesDir = [...chartDirs.keys()].some((d) => s.path.startsWith(d === '.' ? 'templates/' : `${d}/templates/`));
    let role: FileRole;
    if (conflictMarkers(s).length > 0) role = 'conflicted';
    else if (isProjectConfigPath(s.path)) role = 'project-config';
    else if (isChartMetadataPath(s.path)) role = 'chart-metadata';
    else if (isGitlabCiPath(s.path)) role = 'gitlab-ci';
    else if (agentNameFromPath(s.path) !== undefined) role = 'agent-config';
    else if (mapping || (chartDir && isValuesFileName(basename(s.path)))) role = 'helm-values';
    else if (inTemplatesDir || looksLikeTemplate(s.text)) role = 'helm-template';
    else role = 'manifest';

    const docs = role === 'helm-template' || role === 'conflicted' ? [] : parse(s);
    const file: InputFile = { source: s, docs, role };
    files.push(file);

    switch (role) {
      case 'agent-config': {
        const doc = docs[0];
        agentConfigs.push({ file, docIndex: 0, agentName: agentNameFromPath(s.path) ?? '', data: doc?.data ?? null });
        break;
      }
      case 'gitlab-ci':
        ciFiles.push(file);
        break;
      case 'helm-template':
        templates.push(file);
        break;
      case 'helm-values': {
        const data = docs[0]?.data;
        if (mapping) {
          valuesMappingOf.set(s.path, mapping);
          valuesCandidates.push({ file, docIndex: 0, chart: mapping.chart, basePath: [], data, recognisedBy: cliValues.includes(mapping) ? 'cli' : 'project-config', ...(mapping.agent ? { agentName: mapping.agent } : {}) });
        } else if (chartDir?.chart) {
          valuesCandidates.push({ file, docIndex: 0, chart: chartDir.chart, basePath: [], data, recognisedBy: 'chart-yaml' });
        } else if (chartDir) {
          for (const dep of chartDir.dependencies) {
            const sub = isRecord(data) ? data[dep.key] : undefined;
            if (sub !== undefined) valuesCandidates.push({ file, docIndex: 0, chart: dep.chart, basePath: [dep.key], data: sub, recognisedBy: 'chart-yaml' });
          }
        }
        break;
      }
      case 'manifest':
        for (const doc of docs) collectObjects(file, doc, objects, valuesCandidates);
        break;
      default:
        break;
    }
  }

  const values = valuesCandidates.map((v) => ({ ...v, release: releaseFor(v, valuesMappingOf.get(v.file.source.path), agentConfigs, cliValues) }));
  const byPath = new Map(files.map((f) => [f.source.path, f]));
  return {
    files,
    problems: [...problems],
    objects,
    agentConfigs,
    values,
    ciFiles,
    templates,
    projectConfig: options.projectConfig,
    kubernetesVersion: options.kubernetesVersion,
    file: (path) => byPath.get(path),
  };
}

function collectObjects(
  file: InputFile,
  doc: ParsedDocument,
  objects: K8sObject[],
  valuesCandidates: Omit<ValuesInput, 'release'>[],
): void {
  const data = doc.data;
  if (!isRecord(data)) return;
  if (typeof data['apiVersion'] !== 'string' || typeof data['kind'] !== 'string') {
    const chart = chartFromValuesShape(data);
    if (chart) valuesCandidates.push({ file, docIndex: doc.index, chart, basePath: [], data, recognisedBy: 'key-shape' });
    return;
  }
  const kind = data['kind'];
  const items = data['items'];
  if (kind.endsWith('List') && Array.isArray(items)) {
    items.forEach((item, i) => {
      if (!isRecord(item)) return;
      const obj = makeObject(item, { kind: 'document', file: file.source.path, docIndex: doc.index, basePath: ['items', i] });
      if (obj) objects.push(obj);
    });
    return;
  }
  const obj = makeObject(data, { kind: 'document', file: file.source.path, docIndex: doc.index, basePath: [] });
  if (!obj) return;
  objects.push(obj);
  const flux = fluxHelmReleaseValues(obj);
  if (flux) valuesCandidates.push({ file, docIndex: doc.index, recognisedBy: 'flux-helmrelease', ...flux });
}

/**
 * A Flux HelmRelease of one of the modelled charts carries its values inline under
 * spec.values. Flux names the release `[<targetNamespace>-]<name>` unless
 * spec.releaseName is set, and installs into spec.targetNamespace or its own namespace.
 */
function fluxHelmReleaseValues(obj: K8sObject): Pick<ValuesInput, 'chart' | 'basePath' | 'data' | 'releaseHint'> | undefined {
  if (obj.kind !== 'HelmRelease' || obj.group !== 'helm.toolkit.fluxcd.io') return undefined;
  const spec = isRecord(obj.body['spec']) ? obj.body['spec'] : {};
  const chartSpec = isRecord(spec['chart']) && isRecord(spec['chart']['spec']) ? spec['chart']['spec'] : {};
  const chart = chartSpec['chart'];
  if (chart !== 'gitlab-agent' && chart !== 'gitlab-runner') return undefined;
  const target = typeof spec['targetNamespace'] === 'string' && spec['targetNamespace'] !== '' ? spec['targetNamespace'] : undefined;
  const name = typeof spec['releaseName'] === 'string' && spec['releaseName'] !== '' ? spec['releaseName'] : target ? `${target}-${obj.name}` : obj.name;
  const namespace = target ?? obj.namespace ?? 'default';
  return { chart, basePath: ['spec', 'values'], data: spec['values'] ?? {}, releaseHint: { name, namespace } };
}

function releaseFor(
  v: Omit<ValuesInput, 'release'>,
  mapping: ValuesMapping | undefined,
  agents: readonly AgentConfigInput[],
  cliValues: readonly ValuesMapping[],
): ReleaseInfo {
  if (v.releaseHint && !mapping) return { ...v.releaseHint, from: 'manifest' };
  if (mapping?.release && mapping.namespace) {
    return { name: mapping.release, namespace: mapping.namespace, from: cliValues.includes(mapping) ? 'cli' : 'project-config' };
  }
  const d = defaultReleaseFor(v.chart, v.agentName ?? (agents.length === 1 ? agents[0]?.agentName : undefined));
  return {
    name: mapping?.release ?? d.name,
    namespace: mapping?.namespace ?? d.namespace,
    from: mapping?.release || mapping?.namespace ? (cliValues.includes(mapping) ? 'cli' : 'project-config') : 'default',
  };
}

/**
 * GitLab's generated install command is
 * `helm upgrade --install <agent> gitlab/gitlab-agent --namespace gitlab-agent-<agent>`;
 * without a known agent, fall back to the chart name for both.
 */
export function defaultReleaseFor(chart: ChartName, agentName: string | undefined): { name: string; namespace: string } {
  if (chart === 'gitlab-agent' && agentName) return { name: agentName, namespace: `gitlab-agent-${agentName}` };
  return { name: chart, namespace: chart };
}
