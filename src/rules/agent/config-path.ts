import { classifyAgentPath, suggestAgentName, type AgentPathClass } from '../../agent/index.js';
import type { Severity } from '../../model/finding.js';
import { defineRule } from '../types.js';

const NAME_RULE = "lowercase letters, digits and '-', neither first nor last, at most 63 characters";

/** Where the file belongs when the directory name is fixed as well. */
function fixedPath(path: string, agentName: string): string {
  const suggestion = suggestAgentName(agentName);
  return suggestion === undefined ? '' : path.replace(/\/[^/]+\/config\.yaml$/, `/${suggestion}/config.yaml`);
}

function strongest(problems: readonly { readonly severity: Severity }[]): Severity {
  return problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
}

/** The module's look-alike message is "<why>: GitLab silently ignores this file and …". */
const IGNORED = ': GitLab silently ignores this file';

interface Described {
  readonly message: string;
  readonly severity: Severity;
  readonly key: string;
}

/**
 * `exists` tells whether a path is in the workspace: when the file GitLab does read is there
 * too, the agent is not running with an empty configuration — this file is just dead.
 */
function describe(path: string, c: AgentPathClass, exists: (p: string) => boolean): Described | undefined {
  const key = c.problems.map((p) => p.code).join(',');
  if (c.kind === 'agent-config') {
    // The path is right, the directory name is not a name GitLab accepts for an agent.
    if (c.problems.length === 0) return undefined;
    const correct = fixedPath(path, c.agentName);
    const head = `directory "${c.agentName}" is not a valid agent name (${NAME_RULE}), so no agent can be registered under it: GitLab silently ignores this file`;
    if (correct !== '' && exists(correct)) {
      return { message: `${head}; ${correct} exists and is the file GitLab reads, so merge what this file should configure into it and delete this one`, severity: 'warning', key };
    }
    return {
      message:
        `${head} and runs the agent you registered with an empty configuration; ` +
        (correct !== ''
          ? `the file must be in the directory named after the registered agent, e.g. ${correct}`
          : `the file must be at .gitlab/agents/<registered agent name>/config.yaml`),
      severity: strongest(c.problems),
      key,
    };
  }
  const nameProblem = c.problems.find((p) => p.code === 'agent-name-invalid' || p.code === 'agent-name-too-long');
  const cut = c.message.indexOf(IGNORED);
  if (!nameProblem && cut !== -1 && exists(c.correctPath)) {
    return {
      message: `${c.message.slice(0, cut)}${IGNORED}; ${c.correctPath} exists and is the file GitLab reads, so merge what this file should configure into it and delete this one`,
      severity: 'warning',
      key,
    };
  }
  let message = c.message;
  if (nameProblem && c.agentName !== undefined) {
    const correct = fixedPath(c.correctPath, c.agentName);
    message +=
      `; "${c.agentName}" is not a valid agent name either (${NAME_RULE})` +
      (correct !== '' ? `, so use the registered agent's name, e.g. ${correct}` : `, so use the registered agent's name`);
  }
  return { message, severity: strongest(c.problems), key };
}

export default defineRule({
  meta: {
    id: 'agent/config-path',
    category: 'agent',
    description:
      'A file looks like a GitLab agent configuration but is not at .gitlab/agents/<agent-name>/config.yaml with a valid agent name, so GitLab never reads it.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Move the file to .gitlab/agents/<agent-name>/config.yaml (plural "agents", extension ".yaml", exact case), where <agent-name> is the name the agent is registered with.',
    since: '0.1.0',
  },
  check(ctx) {
    const paths = new Set([...ctx.workspace.files.map((f) => f.source.path), ...ctx.workspace.problems.map((p) => p.path)]);
    const exists = (p: string): boolean => paths.has(p);
    for (const path of paths) {
      const c = classifyAgentPath(path);
      if (!c) continue;
      const d = describe(path, c, exists);
      if (!d) continue;
      // The whole file is the problem: point at its first line rather than underlining it all.
      const text = ctx.workspace.file(path)?.source.text ?? '';
      const nl = text.search(/\r?\n/);
      const endOffset = nl === -1 ? text.length : nl;
      ctx.report({ at: { file: path, startOffset: 0, endOffset }, message: d.message, severity: d.severity, key: d.key });
    }
  },
});
