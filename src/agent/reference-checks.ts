// Semantic checks of the agent configuration beyond its JSON Schema (gitlab-agent.md §2.2,
// §2.4, §3, §8). The schema says whether KAS accepts the file; these checks say what GitLab
// then silently does with it: ids that resolve to nothing, dead duplicates, truncated lists,
// restrictions that never apply.
//
// Severity policy: 'error' when the configuration certainly does not do what it says and
// the failure is silent (nothing else will tell the user); 'warning' when an entry is very
// likely ineffective or broader than meant; 'info' for facts worth knowing that are often
// intended (tier requirements, default_namespace semantics).

import type { JsonPath } from '../model/path.js';
import type { Tier } from './authorization.js';
import {
  AUTHORIZED_ENTITY_LIMIT,
  effectiveEntries,
  type AgentConfigModel,
  type CiAccessEntry,
  type EntryList,
  type UserAccessEntry,
} from './config-model.js';
import { isSameOrBelow, pathKey, rootNamespace, samePath } from './full-path.js';
import { issue, type AgentIssue } from './issues.js';
import { checkSettings } from './setting-checks.js';

export interface AgentCheckContext {
  readonly agentName: string;
  /** Full path of the project holding the config; enables the scope checks. */
  readonly configProjectPath?: string;
  /** Admin setting "Enable instance level authorization" (self-managed); undefined = unknown. */
  readonly instanceLevelEnabled?: boolean;
  readonly tier?: Tier;
  /** The config project lives in a personal namespace (groups cannot be authorised). */
  readonly configProjectInUserNamespace?: boolean;
}

type AnyEntry = CiAccessEntry | UserAccessEntry;

interface NamedList {
  readonly name: string; // e.g. 'ci_access.projects'
  readonly list: EntryList<AnyEntry>;
}

function lists(model: AgentConfigModel): NamedList[] {
  const out: NamedList[] = [];
  const add = (name: string, list: EntryList<AnyEntry> | undefined): void => {
    if (list) out.push({ name, list });
  };
  add('ci_access.projects', model.ciAccess?.projects);
  add('ci_access.groups', model.ciAccess?.groups);
  add('user_access.projects', model.userAccess?.projects);
  add('user_access.groups', model.userAccess?.groups);
  return out;
}

/** Run every agent-config semantic check. */
export function checkAgentConfig(model: AgentConfigModel, context: AgentCheckContext): AgentIssue[] {
  const out: AgentIssue[] = [];
  for (const nl of lists(model)) {
    for (const e of nl.list.entries) if (e.index < AUTHORIZED_ENTITY_LIMIT) out.push(...checkId(e, nl.name));
    out.push(...checkDuplicates(nl));
    out.push(...checkLimit(nl));
    out.push(...checkScope(nl, context));
  }
  out.push(...checkConfigProjectViaGroup(model, context));
  out.push(...checkSettings(model, context));
  return out;
}

// ---- ids -----------------------------------------------------------------------------------

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|ssh:)|^(?:www\.)?gitlab\.[a-z.]+\//i;
const SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/** The full path a URL-ish id most likely meant: host, `.git`, `/-/...` and slashes removed. */
export function pathFromUrl(id: string): string {
  let s = id.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^git@/, '');
  s = s.replace(/^[^/:]+[/:]/, ''); // host (and ssh ':' separator)
  s = s.replace(/\/-\/.*$/, '').replace(/[?#].*$/, '');
  s = s.replace(/\.git\/?$/i, '').replace(/^\/+|\/+$/g, '');
  return s;
}

// Rails resolves ids with `where_full_path_in` on downcased paths and silently drops what does
// not resolve [derived from R-ci], so every malformed id below authorizes nothing. Warning,
// not error: the file is still valid and the rest of it works; uppercase is only info
// because the case-insensitive lookup still finds the project.
const NOTHING = 'so this entry silently authorizes nothing';

function checkId(e: AnyEntry, listName: string): AgentIssue[] {
  if (e.id === undefined || e.idPath === undefined || e.id === '') return [];
  const id = e.id;
  const at = (code: string, severity: 'warning' | 'info', message: string, data: Record<string, string> = {}): AgentIssue[] => [
    issue(code, severity, e.idPath as JsonPath, 'value', message, { id, list: listName, ...data }),
  ];
  if (URL_LIKE.test(id)) {
    const suggestion = pathFromUrl(id);
    return at(
      'id-is-url',
      'warning',
      `${listName} id "${id}" is a URL; GitLab expects the full path (for example "${suggestion}") and looks ids up by path only, ${NOTHING}`,
      { suggestion },
    );
  }
  if (/^\d+$/.test(id.trim())) {
    return at(
      'id-is-numeric',
      'warning',
      `${listName} id "${id}" is a numeric id; GitLab looks ids up by full path only (group/subgroup/project), ${NOTHING}`,
    );
  }
  if (/\s/.test(id)) {
    const suggestion = id.trim();
    return at(
      'id-has-whitespace',
      'warning',
      /\s/.test(suggestion)
        ? `${listName} id "${id}" contains spaces; a GitLab path never does (is it a display name?), ${NOTHING}`
        : `${listName} id "${id}" has leading or trailing whitespace; GitLab compares the id as written, ${NOTHING}`,
      /\s/.test(suggestion) ? {} : { suggestion },
    );
  }
  if (id.startsWith('/') || id.endsWith('/')) {
    const suggestion = id.replace(/^\/+|\/+$/g, '');
    return at(
      'id-has-edge-slash',
      'warning',
      `${listName} id "${id}" starts or ends with '/'; full paths have neither (write "${suggestion}"), ${NOTHING}`,
      { suggestion },
    );
  }
  if (/\.git$/i.test(id)) {
    const suggestion = id.replace(/\.git$/i, '');
    return at(
      'id-has-git-suffix',
      'warning',
      `${listName} id "${id}" ends in ".git"; the full path has no such suffix (write "${suggestion}"), ${NOTHING}`,
      { suggestion },
    );
  }
  if (!id.split('/').every((s) => SEGMENT.test(s))) {
    return at(
      'id-not-a-path',
      'warning',
      `${listName} id "${id}" is not a valid GitLab full path (letters, digits, '_', '-', '.' separated by '/'), ${NOTHING}`,
    );
  }
  if (/[A-Z]/.test(id)) {
    return at(
      'id-has-uppercase',
      'info',
      `${listName} id "${id}" has uppercase letters; GitLab matches ids case-insensitively, so it works, but write the path as GitLab shows it ("${id.toLowerCase()}" if that is the real path) so duplicates and renames stay visible`,
    );
  }
  return [];
}

// ---- duplicates, limit ---------------------------------------------------------------------

/** What GitLab stores for a CI entry besides its id; equal signatures = harmless duplicate. */
function signature(e: AnyEntry): string {
  if (!('accessAs' in e)) return '';
  return JSON.stringify([
    e.accessAs.mode,
    e.accessAs.impersonate ? [e.accessAs.impersonate.username, e.accessAs.impersonate.groups, e.accessAs.impersonate.uid, e.accessAs.impersonate.extra.map((x) => [x.key, x.values])] : null,
    e.environments?.patterns.map((p) => p.value) ?? null,
    e.protectedBranchesOnly,
    e.defaultNamespace?.value ?? null,
    e.resourceManagementEnabled ?? null,
  ]);
}

function checkDuplicates({ name, list }: NamedList): AgentIssue[] {
  const out: AgentIssue[] = [];
  const survivors = effectiveEntries(list);
  for (const e of list.entries) {
    if (e.index >= AUTHORIZED_ENTITY_LIMIT || e.key === undefined || e.idPath === undefined) continue;
    const survivor = survivors.get(e.key);
    if (survivor === undefined || survivor === e) continue;
    const same = signature(e) === signature(survivor);
    const data = { id: e.id ?? '', list: name, survivorIndex: String(survivor.index) };
    out.push(
      same
        ? issue(
            'duplicate-id-redundant',
            'info',
            e.idPath,
            'value',
            `${name}[${e.index}] repeats "${e.id}" with the same settings as ${name}[${survivor.index}]; only the last entry is used, remove this one`,
            data,
          )
        : issue(
            'duplicate-id',
            'warning',
            e.idPath,
            'value',
            `${name}[${e.index}] "${e.id}" is ignored: ${name}[${survivor.index}] has the same id (compared case-insensitively) and GitLab keeps only the last entry, so these settings never apply; entries cannot be repeated to combine settings`,
            data,
          ),
    );
  }
  return out;
}

/** One issue per dropped entry, so each can be located (and suppressed) individually. */
function checkLimit({ name, list }: NamedList): AgentIssue[] {
  const out: AgentIssue[] = [];
  for (let i = AUTHORIZED_ENTITY_LIMIT; i < list.length; i++) {
    out.push(
      issue(
        'over-entry-limit',
        'warning',
        [...list.path, i],
        'value',
        `${name} has ${list.length} entries; GitLab keeps only the first ${AUTHORIZED_ENTITY_LIMIT} and silently drops this one (entry ${i + 1})`,
        { list: name, limit: String(AUTHORIZED_ENTITY_LIMIT), count: String(list.length) },
      ),
    );
  }
  return out;
}

// ---- scope ---------------------------------------------------------------------------------

function checkScope({ name, list }: NamedList, ctx: AgentCheckContext): AgentIssue[] {
  const config = ctx.configProjectPath;
  if (config === undefined || ctx.instanceLevelEnabled === true) return [];
  const out: AgentIssue[] = [];
  const isGroupList = name.endsWith('.groups');
  const since = name.startsWith('ci_access') ? '18.1' : '18.4';
  for (const e of effectiveEntries(list).values()) {
    if (e.id === undefined || e.idPath === undefined) continue;
    const data = { id: e.id, list: name, configProject: config };
    if (!samePath(rootNamespace(e.id), rootNamespace(config))) {
      out.push(
        issue(
          'outside-top-level-group',
          'warning',
          e.idPath,
          'value',
          `${name} id "${e.id}" is outside "${rootNamespace(config)}", the top-level group of the configuration project ${config}; GitLab silently ignores it unless "instance level authorization" is enabled by an administrator (self-managed, ${since}+; not available on GitLab.com)`,
          data,
        ),
      );
    } else if (isGroupList && ctx.configProjectInUserNamespace === true) {
      out.push(
        issue(
          'group-in-personal-namespace',
          'warning',
          e.idPath,
          'value',
          `${name} id "${e.id}" cannot be authorized: the configuration project ${config} is in a personal namespace, where GitLab resolves no groups`,
          data,
        ),
      );
    }
  }
  return out;
}

/** A group entry covering the config project cannot restrict it: implicit access wins. */
function checkConfigProjectViaGroup(model: AgentConfigModel, ctx: AgentCheckContext): AgentIssue[] {
  const config = ctx.configProjectPath;
  const ci = model.ciAccess;
  if (config === undefined || !ci || ctx.configProjectInUserNamespace === true) return [];
  if (effectiveEntries(ci.projects).has(pathKey(config))) return [];
  const out: AgentIssue[] = [];
  for (const g of effectiveEntries(ci.groups).values()) {
    if (g.id === undefined || !isSameOrBelow(config, g.id)) continue;
    const restrictions: { what: string; path: JsonPath }[] = [];
    if (g.environments && g.environments.patterns.length > 0) restrictions.push({ what: 'environments', path: g.environments.path });
    if (g.protectedBranchesOnly && g.protectedBranchesOnlyPath) restrictions.push({ what: 'protected_branches_only', path: g.protectedBranchesOnlyPath });
    const mode = g.accessAs.mode;
    if ((mode === 'impersonate' || mode === 'ci_job') && g.accessAs.path) restrictions.push({ what: `access_as ${mode}`, path: g.accessAs.path });
    const first = restrictions[0];
    if (!first) continue;
    const what = restrictions.map((r) => r.what).join(', ');
    out.push(
      issue(
        'config-project-not-restricted-by-group',
        'warning',
        first.path,
        'key',
        `${what} of ci_access.groups[${g.index}] (${g.id}) do not apply to the configuration project ${config}: its own jobs use the implicit authorization (agent identity, no restrictions), which wins over group entries; list ${config} under ci_access.projects to restrict it`,
        { id: g.id, configProject: config, restrictions: what, agent: ctx.agentName },
      ),
    );
  }
  return out;
}
