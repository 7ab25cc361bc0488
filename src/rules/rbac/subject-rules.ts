import type { RuleDefinition } from '../types.js';
import rbacAllServiceaccountsGroup from './all-serviceaccounts-group.js';
import rbacAnonymousAccess from './anonymous-access.js';
import rbacAuthenticatedGroup from './authenticated-group.js';
import rbacCrossNamespaceSubject from './cross-namespace-subject.js';
import rbacDanglingRoleRef from './dangling-role-ref.js';
import rbacDanglingSubject from './dangling-subject.js';
import rbacDefaultServiceaccount from './default-serviceaccount.js';
import rbacSystemMastersSubject from './system-masters-subject.js';
import rbacSystemNodesGroup from './system-nodes-group.js';

/** Subject-side and binding-hygiene risks (who holds permissions, and dead references). */
export const SUBJECT_RULES: readonly RuleDefinition[] = [
  rbacAllServiceaccountsGroup,
  rbacAnonymousAccess,
  rbacAuthenticatedGroup,
  rbacCrossNamespaceSubject,
  rbacDanglingRoleRef,
  rbacDanglingSubject,
  rbacDefaultServiceaccount,
  rbacSystemMastersSubject,
  rbacSystemNodesGroup,
];
