import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'kaslint/suppression-without-reason',
    category: 'kaslint',
    description: 'A suppression does not say why the finding is acceptable.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Add the reason after " -- ", e.g. "# kaslint-disable-next-line rbac/secrets-read -- the backup job reads every Secret".',
    since: '0.1.0',
  },
  // The engine reports this after applying suppressions.
  check() {},
});
