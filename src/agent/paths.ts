// Which files are agent configurations, and which only look like one.
//
// KAS reads exactly `.gitlab/agents/<agent-name>/config.yaml` from the default branch; a
// missing file is the same as an empty config. So a file at a near-miss path is silently
// ignored and the agent runs with defaults: those paths are worth an error.
//
// Root choice: the scanned directory may sit above the repository root (a monorepo checkout,
// a directory of several repos), so we match on the path SUFFIX starting at the last segment
// spelled like `.gitlab`. Whatever comes before it is taken to be the repository root. When
// the caller knows the path is relative to the repository root it can say so
// (`repoRelative: true`); then `.gitlab` must be the first segment and a nested one is a
// look-alike (GitLab never reads it).

export type AgentPathProblemCode =
  | 'agent-name-invalid'
  | 'agent-name-too-long'
  | 'agent-dir-singular'
  | 'agent-dir-wrong-case'
  | 'gitlab-dir-wrong-case'
  | 'gitlab-dir-missing-dot'
  | 'config-file-extension'
  | 'config-file-wrong-case'
  | 'missing-agent-dir'
  | 'nested-too-deep'
  | 'not-at-repository-root';

export interface AgentPathProblem {
  readonly code: AgentPathProblemCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export type AgentPathClass =
  | {
      readonly kind: 'agent-config';
      readonly agentName: string;
      /** Agent-name rule violations: GitLab cannot register an agent with this name. */
      readonly problems: readonly AgentPathProblem[];
    }
  | {
      readonly kind: 'agent-config-lookalike';
      readonly agentName?: string;
      /** The first (most telling) problem; all of them are in `problems`. */
      readonly code: AgentPathProblemCode;
      readonly message: string;
      /** Where the file should be, with the same repository prefix. */
      readonly correctPath: string;
      readonly problems: readonly AgentPathProblem[];
    };

export interface ClassifyOptions {
  /** The path is relative to the repository root (not just to the scanned directory). */
  readonly repoRelative?: boolean;
}

/** `Gitlab::Regex.cluster_agent_name_regex` (Ruby \A…\z = whole string). */
const AGENT_NAME_RE = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
export const AGENT_NAME_MAX_LENGTH = 63;

/** Problems of an agent name against GitLab's rule; empty when valid. */
export function agentNameProblems(name: string): AgentPathProblem[] {
  const out: AgentPathProblem[] = [];
  if (!AGENT_NAME_RE.test(name)) {
    const hint = suggestAgentName(name);
    out.push({
      code: 'agent-name-invalid',
      severity: 'error',
      message:
        `agent name "${name}" can contain only lowercase letters, digits, and '-', but cannot start or end with '-'; ` +
        `GitLab cannot register an agent with this name, so this configuration is never used` +
        (hint && hint !== name ? ` (for example "${hint}")` : ''),
    });
  }
  if (name.length > AGENT_NAME_MAX_LENGTH) {
    out.push({
      code: 'agent-name-too-long',
      severity: 'error',
      message: `agent name is ${name.length} characters long; GitLab allows at most ${AGENT_NAME_MAX_LENGTH}, so it cannot register this agent`,
    });
  }
  return out;
}

export function isValidAgentName(name: string): boolean {
  return name.length <= AGENT_NAME_MAX_LENGTH && AGENT_NAME_RE.test(name);
}

/** A valid name close to the given one, or undefined when nothing is left. */
export function suggestAgentName(name: string): string | undefined {
  const s = name
    .toLowerCase()
    .replace(/[^-a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, AGENT_NAME_MAX_LENGTH)
    .replace(/-+$/, '');
  return s === '' ? undefined : s;
}

const EXACT_FILE = 'config.yaml';
const FILE_LIKE = /^config\.ya?ml$/i;
const GITLAB_LIKE = /^\.?gitlab$/i;
const AGENTS_LIKE = /^agents?$/i;
/** Managed-resources templates live beside config.yaml; a template may be named config.yaml. */
const TEMPLATES_DIR = 'environment_templates';

function ignoredMessage(agentName: string | undefined, correctPath: string, why: string): string {
  const who = agentName !== undefined ? `agent "${agentName}"` : 'the agent';
  return `${why}: GitLab silently ignores this file and runs ${who} with an empty configuration; the file must be at ${correctPath}`;
}

/**
 * Classify a repository path (POSIX separators). Returns null for anything that is neither an
 * agent config nor a look-alike.
 */
export function classifyAgentPath(path: string, options: ClassifyOptions = {}): AgentPathClass | null {
  const segments = path.replace(/^(?:\.\/)+/, '').split('/').filter((s) => s !== '');
  const file = segments[segments.length - 1];
  if (file === undefined || !FILE_LIKE.test(file)) return null;

  // Last `.gitlab`-like segment followed by an `agents`-like one.
  let at = -1;
  for (let i = segments.length - 2; i >= 0; i--) {
    const seg = segments[i] as string;
    const next = segments[i + 1];
    if (GITLAB_LIKE.test(seg) && next !== undefined && AGENTS_LIKE.test(next)) {
      at = i;
      break;
    }
  }
  if (at === -1) return null;

  const gitlabSeg = segments[at] as string;
  const agentsSeg = segments[at + 1] as string;
  const dirs = segments.slice(at + 2, -1); // between agents/ and the file
  if (dirs.includes(TEMPLATES_DIR)) return null;
  // `gitlab/agent/...` without the dot and with other deviations is too far off to claim.
  if (gitlabSeg.toLowerCase() === 'gitlab' && agentsSeg !== 'agents') return null;

  const prefix = segments.slice(0, at).join('/');
  const agentName = dirs.length === 0 ? undefined : (dirs[dirs.length - 1] as string);
  const correctPath = (prefix ? prefix + '/' : '') + `.gitlab/agents/${agentName ?? '<agent-name>'}/${EXACT_FILE}`;

  const problems: AgentPathProblem[] = [];
  const lookalike = (code: AgentPathProblemCode, why: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ code, severity, message: ignoredMessage(agentName, correctPath, why) });
  };

  if (gitlabSeg !== '.gitlab') {
    if (gitlabSeg.toLowerCase() === '.gitlab') lookalike('gitlab-dir-wrong-case', `directory "${gitlabSeg}" is not ".gitlab" (paths are case-sensitive)`);
    // Without the dot it may be an unrelated directory: warn rather than fail.
    else lookalike('gitlab-dir-missing-dot', `directory "${gitlabSeg}" is not ".gitlab"`, 'warning');
  }
  if (agentsSeg !== 'agents') {
    if (agentsSeg.toLowerCase() === 'agent') lookalike('agent-dir-singular', `directory "${agentsSeg}" must be "agents" (plural)`);
    else lookalike('agent-dir-wrong-case', `directory "${agentsSeg}" is not "agents" (paths are case-sensitive)`);
  }
  if (dirs.length === 0) lookalike('missing-agent-dir', 'the file is not inside a directory named after the agent');
  if (dirs.length > 1) lookalike('nested-too-deep', `the file is ${dirs.length} directories below .gitlab/agents/ instead of one`);
  if (file !== EXACT_FILE) {
    if (file.toLowerCase() === EXACT_FILE) lookalike('config-file-wrong-case', `file "${file}" is not "config.yaml" (paths are case-sensitive)`);
    else lookalike('config-file-extension', `file "${file}" is not "config.yaml" (only the .yaml extension is read)`);
  }
  if (options.repoRelative === true && at !== 0) {
    lookalike('not-at-repository-root', 'the .gitlab directory is not at the repository root');
  }
  const nameProblems = agentName !== undefined ? agentNameProblems(agentName) : [];

  if (problems.length === 0) return { kind: 'agent-config', agentName: agentName as string, problems: nameProblems };
  const first = problems[0] as AgentPathProblem;
  return {
    kind: 'agent-config-lookalike',
    ...(agentName !== undefined ? { agentName } : {}),
    code: first.code,
    message: first.message,
    correctPath,
    problems: [...problems, ...nameProblems],
  };
}
