import { riskRule } from './risk-rule.js';
import { probes } from './probe-sets.js';

export default riskRule(
  {
    id: 'rbac/persistent-volume-create',
    category: 'rbac',
    description: "A subject can create PersistentVolumes, including hostPath and local volumes that expose a node's file system.",
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Provision volumes through StorageClasses and PersistentVolumeClaims; leave PersistentVolume creation to the storage provisioner.',
    since: '0.1.0',
    sources: [{ tool: 'kubescape', id: 'C-0278' }],
  },
  {
    requires: [probes(['create'], '', ['persistentvolumes'])],
    what: "create PersistentVolumes (a hostPath volume claimed by a Pod mounts the node's file system)",
    severity: { cluster: 'error', namespace: 'error' },
    clusterScoped: true,
  },
);
