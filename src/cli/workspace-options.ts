import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadSources } from '../load/load-sources.js';
import { isGitRevision, loadSourcesAtRevision } from '../load/git-tree.js';
import { DEFAULT_MAX_FILE_BYTES } from '../load/read-file.js';
import { makeSourceFile, type SourceFile } from '../load/source-file.js';
import { buildWorkspace, mayNeedParsing } from '../model/build-workspace.js';
import { defaultParseThreads, parseSources } from '../load/parse-pool.js';
import { isChartName } from '../model/classify.js';
import { EMPTY_PROJECT_CONFIG, type ProjectConfig, type ValuesMapping } from '../model/project-config.js';
import type { Workspace } from '../model/workspace.js';
import { parseProjectConfig } from '../engine/project-config.js';
import { CliError } from './errors.js';
import { DEFAULT_K8S_VERSION, supportedVersions } from '../kube/default-policy.js';
import type { CliIo } from './io.js';

export const STDIN_PATH = '<stdin>';

/** Options every command that reads a repository shares. */
export interface InputOptions {
  filename?: string[];
  ignore?: string[];
  values?: string[];
  release?: string;
  releaseNamespace?: string;
  config?: string;
  configProject?: string;
  k8sVersion?: string;
  defaultPolicy?: boolean;
  maxFileSize?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Register the shared input options on a command (commander). */
export function addInputOptions<T extends { option: (...args: never[]) => T }>(cmd: T): T {
  const c = cmd as unknown as import('commander').Command;
  c.option('-f, --filename <path>', 'file or directory to read (repeatable; - for stdin)', collect)
    .option('--ignore <glob>', 'skip paths matching the glob (repeatable)', collect)
    .option('--values <chart=path>', 'treat a file as values of gitlab-agent or gitlab-runner (repeatable)', collect)
    .option('--release <name>', 'Helm release name for --values files')
    .option('--release-namespace <ns>', 'Helm release namespace for --values files')
    .option('--config <path>', 'project config file (default: .kaslint.yaml in the working directory)')
    .option('--config-project <path>', 'full path of the GitLab project holding the agent configs (overrides configProject of the project config)')
    .option('--k8s-version <x.y>', 'Kubernetes version of the bundled default policy and discovery data')
    .option('--no-default-policy', 'leave out the built-in Kubernetes default roles and bindings')
    .option('--max-file-size <bytes>', 'per-file size limit (e.g. 8MiB, 500KB)');
  return cmd;
}

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(text.trim());
  if (!m?.[1]) throw new CliError(`invalid --max-file-size "${text}" (use e.g. 8MiB)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

export async function readProjectConfig(io: CliIo, explicit: string | undefined): Promise<ProjectConfig> {
  const candidates = explicit ? [explicit] : ['.kaslint.yaml', '.kaslint.yml'];
  for (const c of candidates) {
    const abs = path.resolve(io.cwd, c);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch {
      if (explicit) throw new CliError(`cannot read config file ${c}`);
      continue;
    }
    let data: unknown;
    try {
      data = parseYaml(text, { version: '1.2', prettyErrors: false, logLevel: 'silent' });
    } catch (err) {
      throw new CliError(`${c}: invalid YAML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
    }
    const r = parseProjectConfig(data);
    if (!r.ok) throw new CliError(`${c}: ${r.errors.join('; ')}`);
    return r.config;
  }
  return EMPTY_PROJECT_CONFIG;
}

export function parseValuesFlags(opts: InputOptions): ValuesMapping[] {
  return (opts.values ?? []).map((v) => {
    const eq = v.indexOf('=');
    const chart = eq === -1 ? '' : v.slice(0, eq);
    const file = eq === -1 ? '' : v.slice(eq + 1);
    if (!isChartName(chart) || file === '') throw new CliError(`invalid --values "${v}" (expected gitlab-agent=PATH or gitlab-runner=PATH)`);
    return {
      chart,
      path: file.split(path.sep).join('/').replace(/^\.\//, ''),
      ...(opts.release ? { release: opts.release } : {}),
      ...(opts.releaseNamespace ? { namespace: opts.releaseNamespace } : {}),
    };
  });
}

/** `--config-project`: a GitLab full path (group/sub/project), not a URL. */
export function parseConfigProject(text: string): string {
  const p = text.trim();
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/.test(p)) {
    throw new CliError(`invalid --config-project "${text}" (expected the project's full path, e.g. group/subgroup/project)`);
  }
  return p;
}

export interface LoadedWorkspace {
  readonly workspace: Workspace;
  readonly includeDefaultPolicy: boolean;
}

/** Project config (file, then command-line overrides) and the Kubernetes version to use. */
async function resolveSettings(io: CliIo, opts: InputOptions): Promise<{ projectConfig: ProjectConfig; k8sVersion: string; maxFileBytes: number }> {
  const fileConfig = await readProjectConfig(io, opts.config);
  const projectConfig = opts.configProject !== undefined ? { ...fileConfig, configProject: parseConfigProject(opts.configProject) } : fileConfig;
  const k8sVersion = opts.k8sVersion ?? projectConfig.kubernetesVersion ?? DEFAULT_K8S_VERSION;
  if (!supportedVersions().includes(k8sVersion)) {
    throw new CliError(`unsupported Kubernetes version "${k8sVersion}" (bundled: ${supportedVersions().join(', ')})`);
  }
  const maxFileBytes = opts.maxFileSize ? parseSize(opts.maxFileSize) : DEFAULT_MAX_FILE_BYTES;
  return { projectConfig, k8sVersion, maxFileBytes };
}

/** Read the inputs named on the command line into a workspace. */
export async function loadWorkspace(io: CliIo, positional: readonly string[], opts: InputOptions): Promise<LoadedWorkspace> {
  const { projectConfig, k8sVersion, maxFileBytes } = await resolveSettings(io, opts);
  const inputs = [...positional, ...(opts.filename ?? [])];
  const paths = inputs.length === 0 ? ['.'] : inputs.filter((p) => p !== '-');
  const loaded = paths.length > 0 ? await loadSources(paths, { cwd: io.cwd, ignore: [...projectConfig.ignore, ...(opts.ignore ?? [])], maxFileBytes }) : { sources: [], problems: [] };
  const sources = [...loaded.sources];
  if (inputs.includes('-')) sources.push(makeSourceFile(STDIN_PATH, await io.readStdin()));
  const workspace = buildWorkspace(sources, loaded.problems, {
    projectConfig,
    kubernetesVersion: k8sVersion,
    cliValues: parseValuesFlags(opts),
    parsed: await parseWorkspaceSources(io, sources),
  });
  return { workspace, includeDefaultPolicy: opts.defaultPolicy !== false };
}

/**
 * One side of a comparison: a directory (read like the working tree, with its own project
 * config), or a git revision of the repository around the working directory (read from git
 * without a checkout, with the working directory's project config).
 */
export async function loadSide(io: CliIo, spec: string, opts: InputOptions): Promise<LoadedWorkspace> {
  const dir = path.resolve(io.cwd, spec);
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    isDir = false;
  }
  if (isDir) return loadWorkspace({ ...io, cwd: dir }, [], { ...opts, filename: [] });
  if (!(await isGitRevision(io.cwd, spec))) throw new CliError(`"${spec}" is neither a directory nor a git revision of this repository`);
  const { projectConfig, k8sVersion, maxFileBytes } = await resolveSettings(io, opts);
  const loaded = await loadSourcesAtRevision(io.cwd, spec, { ignore: [...projectConfig.ignore, ...(opts.ignore ?? [])], maxFileBytes });
  const parsed = await parseWorkspaceSources(io, loaded.sources);
  const workspace = buildWorkspace(loaded.sources, loaded.problems, { projectConfig, kubernetesVersion: k8sVersion, cliValues: parseValuesFlags(opts), parsed });
  return { workspace, includeDefaultPolicy: opts.defaultPolicy !== false };
}

/** Parse the files the workspace will read, on as many threads as parseThreads says. */
function parseWorkspaceSources(io: CliIo, sources: readonly SourceFile[]): ReturnType<typeof parseSources> {
  return parseSources(sources.filter(mayNeedParsing), { threads: parseThreads(io) });
}

/**
 * Parse threads: KASLINT_PARSE_THREADS when set (1 parses in place), else one per core.
 * Results do not depend on it; it exists to compare and to limit CPU use.
 */
function parseThreads(io: CliIo): number {
  const raw = io.env['KASLINT_PARSE_THREADS'];
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : defaultParseThreads();
}
