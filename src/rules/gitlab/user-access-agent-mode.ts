import { defineRule } from '../types.js';
import { gradeAgentServiceAccount, listText, serviceAccountText, userAccessAudience } from './shared.js';

export default defineRule({
  meta: {
    id: 'gitlab/user-access-agent-mode',
    category: 'gitlab',
    description:
      'user_access lets users act as the agent\'s own ServiceAccount (access_as agent, or no access_as since GitLab 18.3); graded by what that ServiceAccount can do.',
    defaultSeverity: 'error',
    recommended: true,
    remediation:
      'Use access_as user (GitLab Premium) and bind RBAC to the gitlab:user / gitlab:project_role / gitlab:group_role groups, or cut the agent\'s ServiceAccount down to what every listed member may do.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const agent of ctx.analysis.agents()) {
      const ua = agent.model.userAccess;
      if (!ua) continue;
      const mode = ua.accessAs.mode;
      if (mode !== 'agent' && mode !== 'unset') continue;
      const audience = userAccessAudience(agent);
      if (audience.length === 0) continue; // nobody is authorised
      const grade = gradeAgentServiceAccount(ctx.analysis, agent);
      const how = mode === 'unset' ? 'user_access has no access_as, which means access_as agent since GitLab 18.3 (older versions refuse the requests)' : 'user_access uses access_as agent';
      const file = agent.input.file.source.path;
      const at = { file, docIndex: agent.input.docIndex, path: ua.accessAs.path ?? ua.path };
      ctx.report({
        at,
        target: 'key',
        message: `${how}: every Developer+ member of ${listText(audience)}, and every administrator in admin mode, acts as ${serviceAccountText(agent)} of agent "${agent.name}" through the dashboard or a k8s_proxy token (and may impersonate whatever it may), and it ${grade.text}`,
        key: `${agent.name}:user_access`,
        severity: grade.severity,
        related: [
          ...(agent.serviceAccount ? [{ message: `the agent runs as ServiceAccount "${agent.serviceAccount.namespace}/${agent.serviceAccount.name}" (${agent.serviceAccount.how})` }] : []),
          ...grade.related,
        ],
      });
    }
  },
});
