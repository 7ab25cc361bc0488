import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'kaslint/unused-suppression',
    category: 'kaslint',
    description: 'A kaslint-disable comment or kaslint.io/ignore annotation suppresses nothing, or names an unknown rule.',
    defaultSeverity: 'warning',
    recommended: true,
    remediation: 'Remove the suppression, or correct the rule id it names.',
    since: '0.1.0',
  },
  // The engine reports this after applying suppressions (it needs every other finding).
  check() {},
});
