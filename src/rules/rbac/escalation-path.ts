import { describeBoundSubject, grantsBySubject, subjectKey } from '../../access/grants.js';
import { broadAudience } from '../../access/reach.js';
import { raise } from '../../access/severity.js';
import type { EscalationFinder, EscalationPath, EscalationStep } from '../../access/escalation.js';
import type { RuleSource } from '../../rbac/types.js';
import { userFor } from '../../access/subject-user.js';
import type { SourceRef } from '../../model/path.js';
import { defineRule } from '../types.js';
import { at, bindingText, roleText } from './risk-rule.js';

/** Where the rule that allows a step is written (or its binding, for built-in roles). */
export function sourceRef(source: RuleSource | undefined): SourceRef | undefined {
  if (!source) return undefined;
  const owner = source.ruleOwner;
  return (owner.builtin ? undefined : at(owner.origin, ['rules', source.ruleOwnerIndex])) ?? at(source.binding.origin, ['roleRef', 'name']);
}

function via(source: RuleSource | undefined): string {
  return source ? ` (${bindingText(source.binding)} → ${roleText(source.role)})` : '';
}

export default defineRule({
  meta: {
    id: 'rbac/escalation-path',
    category: 'rbac',
    description: 'A subject can become cluster-admin-equivalent, or read every Secret, through another ServiceAccount (creating pods, exec, tokens or impersonation).',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Break the chain at its first step: remove the subject\'s pod, token or impersonation rights in that namespace, or move the powerful ServiceAccount to a namespace the subject cannot reach.',
    since: '0.1.0',
    sources: [{ tool: 'kubehound', id: 'POD_CREATE' }],
  },
  check(ctx) {
    const finder = ctx.analysis.escalation();
    const secrets = ctx.analysis.secretsEscalation();
    const reach = ctx.analysis.gitlabReach();
    for (const grants of grantsBySubject(ctx.analysis.ownGrants().grants).values()) {
      const subject = grants[0]?.subject;
      if (!subject) continue;
      const user = userFor(subject);
      // Direct cluster-admin power is reported by the permission rules.
      if (finder.terminalOf(user)) continue;
      const self = subject.kind === 'ServiceAccount' ? `${subject.namespace}/${subject.name}` : undefined;
      const find = (f: EscalationFinder): EscalationPath[] => (ctx.analysis.allPaths ? f.pathsFrom(user, self) : [f.pathFrom(user, self)].filter((p): p is EscalationPath => p !== undefined));
      let goal = 'cluster-admin-equivalent';
      let base: 'error' | 'warning' = 'error';
      let paths = find(finder);
      // Else: a way to read every Secret, for a subject that cannot already.
      if (paths.length === 0 && !secrets.terminalOf(user)) {
        paths = find(secrets);
        goal = 'able to read every Secret of the cluster';
        base = 'warning';
      }
      const raisedBy: string[] = [];
      const audience = broadAudience(subject);
      if (audience) raisedBy.push(`held by ${audience}`);
      const gitlab = reach.reason(subject);
      if (gitlab) raisedBy.push(`reachable from GitLab: ${gitlab}`);
      for (const path of paths) {
        const first = path.steps[0];
        const loc = sourceRef(first?.source);
        if (!first || !loc) continue;
        const chain = path.steps.map((s: EscalationStep) => `${s.action} → ${s.becomes}`).join(' → ');
        const related = path.steps.map((s, i) => {
          const r = sourceRef(s.source);
          return { message: `step ${i + 1}: ${s.action}, becoming ${s.becomes}${via(s.source)}`, ...(r ? { at: r } : {}) };
        });
        const t = sourceRef(path.terminal.source);
        related.push({ message: `then: ${path.terminal.action}${via(path.terminal.source)}`, ...(t ? { at: t } : {}) });
        ctx.report({
          at: loc,
          target: 'key',
          message: `${describeBoundSubject(subject)} is ${goal}: ${chain}, which can ${path.terminal.action}${raisedBy.length ? `; ${raisedBy.join('; ')}` : ''}`,
          key: `${subjectKey(subject)}#${goal}${ctx.analysis.allPaths ? `#${first.becomes}` : ''}`,
          severity: raise(base, raisedBy.length),
          related,
        });
      }
    }
  },
});
