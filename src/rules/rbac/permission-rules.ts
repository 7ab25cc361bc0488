import type { RuleDefinition } from '../types.js';
import rbacAdmissionPolicies from './admission-policies.js';
import rbacAdmissionWebhooks from './admission-webhooks.js';
import rbacAggregationLabel from './aggregation-label.js';
import rbacApiserviceWrite from './apiservice-write.js';
import rbacBind from './bind.js';
import rbacClusterAdmin from './cluster-admin.js';
import rbacEscalationPath from './escalation-path.js';
import rbacCrdWrite from './crd-write.js';
import rbacCsrApprove from './csr-approve.js';
import rbacDeprecatedPsp from './deprecated-psp.js';
import rbacEphemeralContainers from './ephemeral-containers.js';
import rbacEscalate from './escalate.js';
import rbacEventsDelete from './events-delete.js';
import rbacImpersonate from './impersonate.js';
import rbacKubeSystemConfigmaps from './kube-system-configmaps.js';
import rbacNamespaceWrite from './namespace-write.js';
import rbacNetworkpolicyWrite from './networkpolicy-write.js';
import rbacNodeProxy from './node-proxy.js';
import rbacNodeWrite from './node-write.js';
import rbacNonresourceWildcard from './nonresource-wildcard.js';
import rbacPersistentVolumeCreate from './persistent-volume-create.js';
import rbacPodAttach from './pod-attach.js';
import rbacPodBinding from './pod-binding.js';
import rbacPodCreate from './pod-create.js';
import rbacPodExec from './pod-exec.js';
import rbacPodModify from './pod-modify.js';
import rbacPodPortForward from './pod-port-forward.js';
import rbacRbacWrite from './rbac-write.js';
import rbacSecretsRead from './secrets-read.js';
import rbacSecretsWrite from './secrets-write.js';
import rbacServiceHijack from './service-hijack.js';
import rbacServiceaccountToken from './serviceaccount-token.js';
import rbacWildcardApiGroups from './wildcard-api-groups.js';
import rbacWildcardResources from './wildcard-resources.js';
import rbacWildcardVerbs from './wildcard-verbs.js';
import rbacWorkloadCreate from './workload-create.js';

/** Permission-side risks (what a subject can do). */
export const PERMISSION_RULES: readonly RuleDefinition[] = [
  rbacAdmissionPolicies,
  rbacAdmissionWebhooks,
  rbacAggregationLabel,
  rbacApiserviceWrite,
  rbacBind,
  rbacClusterAdmin,
  rbacEscalationPath,
  rbacCrdWrite,
  rbacCsrApprove,
  rbacDeprecatedPsp,
  rbacEphemeralContainers,
  rbacEscalate,
  rbacEventsDelete,
  rbacImpersonate,
  rbacKubeSystemConfigmaps,
  rbacNamespaceWrite,
  rbacNetworkpolicyWrite,
  rbacNodeProxy,
  rbacNodeWrite,
  rbacNonresourceWildcard,
  rbacPersistentVolumeCreate,
  rbacPodAttach,
  rbacPodBinding,
  rbacPodCreate,
  rbacPodExec,
  rbacPodModify,
  rbacPodPortForward,
  rbacRbacWrite,
  rbacSecretsRead,
  rbacSecretsWrite,
  rbacServiceHijack,
  rbacServiceaccountToken,
  rbacWildcardApiGroups,
  rbacWildcardResources,
  rbacWildcardVerbs,
  rbacWorkloadCreate,
];
