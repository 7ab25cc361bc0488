// Shared plumbing of the agent rules: run the pure agent checks (src/agent/) once per
// workspace, keep every issue together with the document it belongs to, and let each rule
// report the codes it owns.
//
// Which project a file belongs to: the config project path (`configProject` in .kaslint.yaml
// or --config-project) is taken to be the project of every agent config in the workspace. A
// `.gitlab-ci.yml` is the pipeline of that project only when it sits at the root of the
// repository holding the agent configs (the directory above `.gitlab/agents/`); for any
// other CI file the project is unknown, so only the references that need no project (an
// agent that does not exist) are judged.

import {
  AUTHORIZED_ENTITY_LIMIT,
  buildAgentConfigModel,
  checkAgentConfig,
  checkCiReferences,
  effectiveEntries,
  isValidAgentName,
  scanGitlabCi,
  type AgentConfigModel,
  type AgentInRepo,
  type AgentIssue,
  type CiAccessEntry,
} from '../../agent/index.js';
import { ancestorPaths, pathKey } from '../../agent/full-path.js';
import { dirname } from '../../model/classify.js';
import type { JsonPath, SourceRef } from '../../model/path.js';
import type { AgentConfigInput, InputFile, Workspace } from '../../model/workspace.js';
import type { ReportInput, RuleContext } from '../types.js';

type Related = NonNullable<ReportInput['related']>[number];

export interface LocatedIssue {
  readonly issue: AgentIssue;
  /** The document the issue's path points into. */
  readonly file: string;
  readonly docIndex: number;
  /** Extra locations worth showing (the surviving duplicate, the entry that sets a mode …). */
  readonly related: readonly Related[];
  /** For issues about one ci_access entry: the entry's access_as mode. */
  readonly entryMode?: CiAccessEntry['accessAs']['mode'];
}

interface AgentConfigView {
  readonly input: AgentConfigInput;
  readonly model: AgentConfigModel;
  /** Directory holding `.gitlab/agents/` ('' for the working directory). */
  readonly repoRoot: string;
}

interface AgentAnalysis {
  readonly configs: readonly AgentConfigView[];
  readonly configIssues: readonly LocatedIssue[];
  readonly ciIssues: readonly LocatedIssue[];
  /** Ids (file, document, path) that are not a full path at all. */
  readonly malformedIds: ReadonlySet<string>;
}

/** Project-reference codes for ids that cannot be a path (uppercase still resolves). */
export const MALFORMED_ID_CODES: ReadonlySet<string> = new Set([
  'id-is-url',
  'id-is-numeric',
  'id-has-whitespace',
  'id-has-edge-slash',
  'id-has-git-suffix',
  'id-not-a-path',
]);

function placeKey(li: LocatedIssue): string {
  return JSON.stringify([li.file, li.docIndex, li.issue.path]);
}

/** The id this issue is about is malformed (so e.g. a scope finding about it would only add noise). */
export function aboutMalformedId(ws: Workspace, li: LocatedIssue): boolean {
  return agentAnalysis(ws).malformedIds.has(placeKey(li));
}

const memo = new WeakMap<Workspace, AgentAnalysis>();

/** Everything the agent rules report, computed once per workspace. */
export function agentAnalysis(ws: Workspace): AgentAnalysis {
  let a = memo.get(ws);
  if (!a) {
    const configs = ws.agentConfigs.map((input) => ({
      input,
      model: buildAgentConfigModel(input.data),
      repoRoot: repositoryRoot(input.file.source.path),
    }));
    const found = configIssues(ws, configs);
    const malformedIds = new Set(found.filter((li) => MALFORMED_ID_CODES.has(li.issue.code)).map(placeKey));
    a = { configs, configIssues: found, ciIssues: ciIssues(ws, configs), malformedIds };
    memo.set(ws, a);
  }
  return a;
}

export function configProjectOf(ws: Workspace): string | undefined {
  const p = ws.projectConfig.configProject?.trim();
  return p === undefined || p === '' ? undefined : p;
}

/** `x/.gitlab/agents/a/config.yaml` → `x`; `.gitlab/agents/a/config.yaml` → ''. */
function repositoryRoot(path: string): string {
  const i = path.lastIndexOf('.gitlab/agents/');
  return i <= 0 ? '' : path.slice(0, i - 1);
}

function ciDirectory(path: string): string {
  const d = dirname(path);
  return d === '.' ? '' : d;
}

// ---- agent config checks --------------------------------------------------------------------

/** The ci_access entry an issue path points into (`ci_access.projects[3]…`), if any. */
function ciEntryAt(model: AgentConfigModel, path: JsonPath): CiAccessEntry | undefined {
  const ci = model.ciAccess;
  if (!ci || path[0] !== 'ci_access') return undefined;
  if (path[1] === 'instance') return ci.instance;
  const list = path[1] === 'projects' ? ci.projects : path[1] === 'groups' ? ci.groups : undefined;
  const index = path[2];
  return typeof index === 'number' ? list?.entries.find((e) => e.index === index) : undefined;
}

/** 'ci_access.projects' → ['ci_access', 'projects']. */
function listPath(listName: string | undefined): JsonPath | undefined {
  if (listName === undefined) return undefined;
  const parts = listName.split('.');
  return parts.length === 2 ? parts : undefined;
}

function configIssues(ws: Workspace, configs: readonly AgentConfigView[]): LocatedIssue[] {
  const configProject = configProjectOf(ws);
  const out: LocatedIssue[] = [];
  for (const c of configs) {
    const file = c.input.file.source.path;
    const docIndex = c.input.docIndex;
    const at = (path: JsonPath): SourceRef => ({ file, docIndex, path });
    const issues = checkAgentConfig(c.model, {
      agentName: c.input.agentName,
      ...(configProject !== undefined ? { configProjectPath: configProject } : {}),
    });
    for (const issue of issues) {
      const related: Related[] = [];
      const data = issue.data ?? {};
      if ((issue.code === 'duplicate-id' || issue.code === 'duplicate-id-redundant') && data['survivorIndex'] !== undefined) {
        const base = listPath(data['list']);
        const index = Number(data['survivorIndex']);
        if (base) {
          related.push({
            message: `${data['list']}[${index}] is the entry GitLab keeps for "${data['id'] ?? ''}"`,
            at: at([...base, index, 'id']),
            target: 'value',
          });
        }
      }
      if (issue.code === 'over-entry-limit') {
        const base = listPath(data['list']);
        if (base) {
          related.push({
            message: `${data['list']}[${AUTHORIZED_ENTITY_LIMIT - 1}] is the last entry GitLab keeps`,
            at: at([...base, AUTHORIZED_ENTITY_LIMIT - 1]),
            target: 'key',
          });
        }
      }
      const entry = ciEntryAt(c.model, issue.path);
      out.push({ issue, file, docIndex, related, ...(entry ? { entryMode: entry.accessAs.mode } : {}) });
    }
  }
  return out;
}

// ---- .gitlab-ci.yml checks ------------------------------------------------------------------

/** The ci_access entry that gives `jobProject` the mode `mode`: its project entry, else the innermost group. */
function entryGranting(model: AgentConfigModel, jobProject: string, mode: string): CiAccessEntry | undefined {
  const ci = model.ciAccess;
  const project = effectiveEntries(ci?.projects).get(pathKey(jobProject));
  if (project) return project.accessAs.mode === mode ? project : undefined;
  const groups = effectiveEntries(ci?.groups);
  const ancestors = ancestorPaths(jobProject);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const g = groups.get(pathKey(ancestors[i] as string));
    if (g) return g.accessAs.mode === mode ? g : undefined;
  }
  return undefined;
}

function ciIssues(ws: Workspace, configs: readonly AgentConfigView[]): LocatedIssue[] {
  const configProject = configProjectOf(ws);
  if (configProject === undefined) return [];
  // GitLab never registers an agent whose name breaks its naming rule: such a directory
  // defines no agent (agent/config-path reports it).
  const valid = configs.filter((c) => isValidAgentName(c.input.agentName));
  const agents: AgentInRepo[] = valid.map((c) => ({ name: c.input.agentName, configProjectPath: configProject, model: c.model }));
  if (agents.length === 0) return [];
  const roots = new Set(configs.map((c) => c.repoRoot));
  const out: LocatedIssue[] = [];
  for (const ci of ws.ciFiles) out.push(...ciFileIssues(ci, configs, agents, roots.has(ciDirectory(ci.source.path)) ? configProject : undefined));
  return out;
}

function ciFileIssues(ci: InputFile, configs: readonly AgentConfigView[], agents: readonly AgentInRepo[], jobProject: string | undefined): LocatedIssue[] {
  // Every document: a file may start with a `spec:` header document (it holds no jobs).
  return ci.docs.flatMap((doc) => ciDocumentIssues(ci.source.path, doc.index, doc.data, configs, agents, jobProject));
}

function ciDocumentIssues(
  file: string,
  docIndex: number,
  data: unknown,
  configs: readonly AgentConfigView[],
  agents: readonly AgentInRepo[],
  jobProject: string | undefined,
): LocatedIssue[] {
  const { references } = scanGitlabCi(data);
  const issues = checkCiReferences(references, { agents, ...(jobProject !== undefined ? { jobProjectPath: jobProject } : {}) });
  return issues.map((issue) => {
    const related: Related[] = [];
    const data = issue.data ?? {};
    const named = configs.filter((c) => c.input.agentName === data['agent']);
    if (issue.code === 'ci-context-unknown-agent') {
      // A directory that only differs by an invalid name: say why it does not count.
      for (const c of configs) {
        if (!isValidAgentName(c.input.agentName) && c.input.agentName.toLowerCase() === (data['agent'] ?? '').toLowerCase()) {
          related.push({
            message: `${c.input.file.source.path} exists, but "${c.input.agentName}" is not a valid agent name, so GitLab cannot register that agent`,
            at: { file: c.input.file.source.path, docIndex: c.input.docIndex, path: [] },
          });
        }
      }
    }
    if (issue.code === 'ci-nested-impersonation' && jobProject !== undefined) {
      for (const c of named) {
        const entry = entryGranting(c.model, jobProject, data['accessAs'] ?? '');
        if (entry?.accessAs.path) {
          related.push({
            message: `agent "${c.input.agentName}" gives ${jobProject} access_as ${data['accessAs'] ?? ''} here`,
            at: { file: c.input.file.source.path, docIndex: c.input.docIndex, path: entry.accessAs.memberPath ?? entry.accessAs.path },
          });
        }
      }
    }
    return { issue, file, docIndex, related };
  });
}

// ---- reporting ------------------------------------------------------------------------------

/** Stable fingerprint key: the code and what the issue is about, not its wording. */
function keyOf(issue: AgentIssue): string {
  const d = issue.data ?? {};
  const subject = d['id'] ?? d['pattern'] ?? d['namespace'] ?? d['key'] ?? d['context'] ?? '';
  return [issue.code, subject, d['flag'] ?? '', d['value'] ?? ''].join('|');
}

export interface ReportOptions {
  /** Drop some issues of the owned codes. */
  readonly filter?: (li: LocatedIssue) => boolean;
  /** Replace the message (default: the issue's own). */
  readonly message?: (li: LocatedIssue) => string;
}

/** Report every issue whose code is in `codes`, at its exact position, with its own severity. */
export function reportIssues(ctx: RuleContext, issues: readonly LocatedIssue[], codes: ReadonlySet<string>, options: ReportOptions = {}): void {
  for (const li of issues) {
    if (!codes.has(li.issue.code)) continue;
    if (options.filter && !options.filter(li)) continue;
    ctx.report({
      at: { file: li.file, docIndex: li.docIndex, path: li.issue.path },
      target: li.issue.target,
      message: options.message ? options.message(li) : li.issue.message,
      key: keyOf(li.issue),
      severity: li.issue.severity,
      ...(li.related.length > 0 ? { related: li.related } : {}),
    });
  }
}

/** Report the config-file issues with the given codes. */
export function reportConfigIssues(ctx: RuleContext, codes: ReadonlySet<string>, options: ReportOptions = {}): void {
  reportIssues(ctx, agentAnalysis(ctx.workspace).configIssues, codes, options);
}

/** Report the .gitlab-ci.yml issues with the given codes. */
export function reportCiIssues(ctx: RuleContext, codes: ReadonlySet<string>, options: ReportOptions = {}): void {
  reportIssues(ctx, agentAnalysis(ctx.workspace).ciIssues, codes, options);
}
