import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAgentConfig } from '../../src/agent/reference-checks.js';
import { buildAgentConfigModel } from '../../src/agent/config-model.js';
import { checkCiReferences, scanGitlabCi } from '../../src/agent/gitlab-ci.js';
import { compileRubyRegex } from '../../src/agent/ruby-regex.js';
import { classifyAgentPath } from '../../src/agent/paths.js';

describe('Ruby regex emulation agrees with a backtracking engine where the syntaxes coincide', () => {
  // Tokens whose meaning is the same in Ruby and in JS with the 'm' flag.
  const token = fc.constantFrom('a', 'b', '.', '*', '+', '?', '(', ')', '|', '[ab]', '[^a]', '^', '$', '\\d', 'a{1,2}', '(?:a|b)');
  const pattern = fc.array(token, { maxLength: 7 }).map((t) => t.join(''));
  const input = fc.array(fc.constantFrom('a', 'b', '1', '\n'), { maxLength: 6 }).map((t) => t.join(''));

  it('same answer on short inputs', () => {
    fc.assert(
      fc.property(pattern, input, (p, s) => {
        let js: RegExp;
        try {
          js = new RegExp(p, 'm');
        } catch {
          return; // not valid JS: nothing to compare
        }
        const rb = compileRubyRegex(p);
        if (rb.status !== 'ok') return; // stacked quantifiers etc. differ between the dialects
        expect(rb.test(s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`).toBe(js.test(s));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('robustness: arbitrary data never throws', () => {
  it('agent config checks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const data = { ci_access: { projects: [v, { id: 'a/b', environments: [v] }], groups: v, instance: v }, user_access: v };
        checkAgentConfig(buildAgentConfigModel(data), { agentName: 'x', configProjectPath: 'a/c' });
        checkAgentConfig(buildAgentConfigModel(v), { agentName: 'x' });
      }),
      { numRuns: 300 },
    );
  });

  it('gitlab-ci scan and checks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (v, line) => {
        const refs = scanGitlabCi({ job: { script: [line, v], variables: v, extends: v }, variables: v, default: v, [line]: v }).references;
        checkCiReferences(refs, { agents: [], jobProjectPath: 'a/b' });
      }),
      { numRuns: 300 },
    );
  });

  it('path classification', () => {
    fc.assert(fc.property(fc.string(), (s) => void classifyAgentPath(s)), { numRuns: 500 });
  });
});
