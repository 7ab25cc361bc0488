import { effectiveEntries, type CiAccessEntry } from '../../agent/index.js';
import { defineRule } from '../types.js';
import { gradeAgentServiceAccount, serviceAccountText, type PowerGrade } from './shared.js';

function narrowing(e: CiAccessEntry): string {
  const parts: string[] = [];
  const envs = e.environments?.patterns.map((p) => p.value) ?? [];
  if (envs.length > 0) parts.push(`only jobs deploying to ${envs.join(', ')}`);
  if (e.protectedBranchesOnly) parts.push('only on protected branches and tags');
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export default defineRule({
  meta: {
    id: 'gitlab/ci-access-broad-agent-mode',
    category: 'gitlab',
    description:
      'A ci_access group or instance entry uses the agent\'s own identity (access_as agent, or no access_as): every project below it gets the agent ServiceAccount\'s power; graded by what that ServiceAccount can do.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Authorize the few projects that deploy under ci_access.projects, or use access_as ci_job (or impersonate) on the group entry and bind RBAC to the gitlab:ci_job / gitlab:group:<id> groups; narrow with environments and protected_branches_only, and cut the agent ServiceAccount down.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const agent of ctx.analysis.agents()) {
      const ci = agent.model.ciAccess;
      if (!ci) continue;
      const entries = [...effectiveEntries(ci.groups).values()];
      if (ci.instance) entries.push(ci.instance);
      let graded: PowerGrade | undefined; // once per agent, however many entries
      for (const e of entries) {
        const mode = e.accessAs.mode;
        if (mode !== 'agent' && mode !== 'unset') continue;
        const grade = (graded ??= gradeAgentServiceAccount(ctx.analysis, agent));
        const who = e.kind === 'instance' ? 'every project of the GitLab instance (ci_access.instance)' : `every project in group ${e.id ?? '?'} and its subgroups`;
        const how = mode === 'unset' ? 'has no access_as, so it uses the agent\'s own identity' : 'uses access_as agent';
        const label = e.kind === 'instance' ? 'ci_access.instance' : `ci_access group entry "${e.id ?? '?'}"`;
        ctx.report({
          at: { file: agent.input.file.source.path, docIndex: agent.input.docIndex, path: e.accessAs.path ?? e.idPath ?? e.path },
          target: 'key',
          message: `${label} of agent "${agent.name}" ${how}: CI jobs of ${who}${narrowing(e)} act as ${serviceAccountText(agent)} (and may impersonate whatever it may), and it ${grade.text}`,
          key: `${agent.name}:${e.kind}:${e.key ?? ''}`,
          severity: grade.severity,
          related: [
            ...(agent.serviceAccount ? [{ message: `the agent runs as ServiceAccount "${agent.serviceAccount.namespace}/${agent.serviceAccount.name}" (${agent.serviceAccount.how})` }] : []),
            ...grade.related,
          ],
        });
      }
    }
  },
});
