import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Analysis } from '../../src/engine/analysis.js';
import { lint, type LintResult } from '../../src/engine/lint.js';
import { loadWorkspace, type InputOptions } from '../../src/cli/workspace-options.js';
import type { Workspace } from '../../src/model/workspace.js';
import type { RuleDefinition } from '../../src/rules/types.js';
import { RULES } from '../../src/rules/registry.js';
import { memoryIo } from './memory-io.js';

/** Write files into a fresh temporary directory; returns its path. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kaslint-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface LintDirResult extends LintResult {
  readonly workspace: Workspace;
}

/** Load a directory exactly as `kaslint check` does (cwd = the directory) and lint it. */
export async function lintDir(dir: string, options: InputOptions & { rules?: readonly RuleDefinition[]; enable?: readonly string[] } = {}): Promise<LintDirResult> {
  const { workspace } = await loadWorkspace(memoryIo(dir), [], options);
  // 'on' enables a rule that is not recommended and keeps its graded severities.
  const ruleOverrides: Record<string, 'on'> = {};
  for (const r of options.rules ?? RULES) if (options.enable?.includes(r.meta.id)) ruleOverrides[r.meta.id] = 'on';
  const result = lint(workspace, { rules: options.rules ?? RULES, ruleOverrides, analysis: new Analysis(workspace) });
  return { ...result, workspace };
}

/** Same, for files given inline. */
export async function lintFiles(files: Record<string, string | Buffer>, options: Parameters<typeof lintDir>[1] = {}): Promise<LintDirResult> {
  const dir = writeTree(files);
  try {
    return await lintDir(dir, options);
  } finally {
    removeTree(dir);
  }
}

/** `ruleId file:line:col` strings, the compact form tests assert against. */
export function brief(result: LintResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.range.start.line}:${f.location.range.start.column}`);
}
