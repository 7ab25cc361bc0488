import { defineRule } from '../types.js';
import { conflictMarkers } from '../../load/conflict-markers.js';

export default defineRule({
  meta: {
    id: 'yaml/merge-conflict',
    category: 'yaml',
    description: 'A file contains unresolved merge-conflict markers.',
    defaultSeverity: 'error',
    recommended: true,
    remediation: 'Resolve the conflict: keep the intended side and delete the <<<<<<<, ======= and >>>>>>> lines.',
    since: '0.1.0',
  },
  check(ctx) {
    for (const file of ctx.workspace.files) {
      if (file.role !== 'conflicted') continue;
      for (const m of conflictMarkers(file.source)) {
        if (m.marker !== '<<<<<<<') continue;
        ctx.report({
          at: { file: file.source.path, startOffset: m.startOffset, endOffset: m.endOffset },
          message: 'unresolved merge conflict: the file is not valid YAML until the conflict is resolved',
        });
      }
    }
  },
});
