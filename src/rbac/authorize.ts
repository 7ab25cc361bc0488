// One access check, as the apiserver answers it for the authorizers we emulate: the
// privileged-group authorizer (system:masters is allowed everything, reason '') and then
// RBACAuthorizer.Authorize (first allowing rule wins; a denial cites resolution errors).

import { describeRuleSource } from './describe.js';
import { aggregateErrors } from './errors.js';
import { PRIVILEGED_GROUP } from './identity.js';
import type { RbacIndex } from './index.js';
import { ruleAllows } from './match.js';
import { clusterBindingVisits, roleBindingVisits, ruleSource, type BindingVisit } from './resolve.js';
import { isNonResourceRequest, type AccessRequest, type Decision } from './types.js';

/**
 * Decide one request. `resolutionErrors` lists the errors met on the way: all of them for a
 * denial (they make up its reason), those met before the allowing rule for an allow.
 */
export function authorize(index: RbacIndex, request: AccessRequest): Decision {
  if (request.user.groups.includes(PRIVILEGED_GROUP)) {
    return { allowed: true, reason: '', privileged: true, resolutionErrors: [] };
  }

  // Non-resource requests carry no namespace, so only ClusterRoleBindings count.
  const namespace = isNonResourceRequest(request) ? '' : request.namespace;
  const errors: string[] = [];
  // Walk bindings (not rule sources) so that only the allowing rule gets a RuleSource: the
  // order of visitBindingsFor, ClusterRoleBindings first.
  const decided = decide(index, request, clusterBindingVisits(index, request.user), errors);
  if (decided !== undefined || namespace === '') return decided ?? denied(errors);
  return decide(index, request, roleBindingVisits(index, request.user, namespace), errors) ?? denied(errors);
}

function denied(errors: readonly string[]): Decision {
  return {
    allowed: false,
    reason: errors.length === 0 ? '' : `RBAC: ${aggregateErrors(errors)}`,
    resolutionErrors: errors,
  };
}

/** The first allowing rule among these bindings, collecting resolution errors on the way. */
function decide(index: RbacIndex, request: AccessRequest, visits: readonly BindingVisit[], errors: string[]): Decision | undefined {
  for (const visit of visits) {
    if ('error' in visit) {
      errors.push(visit.error);
      continue;
    }
    const { binding, role, subjectIndex } = visit;
    const ruleIndex = role.rules.findIndex((rule) => ruleAllows(request, rule));
    const rule = role.rules[ruleIndex];
    if (rule === undefined) continue;
    const source = ruleSource(index, binding, role, rule, ruleIndex, subjectIndex);
    return {
      allowed: true,
      reason: `RBAC: allowed by ${describeRuleSource(source)}`,
      source,
      resolutionErrors: errors,
    };
  }
  return undefined;
}
