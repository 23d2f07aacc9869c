// Finds publishing jobs in a repository's workflows without asking the engine: a job publishes
// when a step runs a registry's upload command or action (directly, through a local composite
// action or a repository script), or when it holds a registry credential or `id-token: write`.
'use strict';
const fs = require('fs');
const path = require('path');

// [registry, label, pattern over a run: script or a repository script's text]
const COMMANDS = [
  ['npm', 'changeset publish', /\bchangeset\s+publish\b/],
  ['npm', 'lerna publish', /\blerna\s+publish\b/],
  ['pypi', 'python-semantic-release', /\bsemantic-release\s+(publish|version)\b|python-semantic-release/],
  ['npm', 'semantic-release', /\bsemantic-release\b/],
  ['npm', 'npm publish', /\b(npm(@[\w.^~-]+)?|pnpm|yarn(\s+npm)?)\s+(-\S+\s+)*(stage\s+)?publish\b/],
  ['jsr', 'jsr publish-on-tag', /jsr:@[\w-]+\/publish-on-tag/],
  ['jsr', 'jsr publish', /\b(jsr(@[\w.^~-]+)?|deno)\s+publish\b/],
  ['pypi', 'twine upload', /\btwine\s+upload\b/],
  ['pypi', 'poetry publish', /\bpoetry\s+(\S+\s+)*publish\b/],
  ['pypi', 'uv publish', /\buv\s+publish\b/],
  ['pypi', 'flit/hatch/pdm publish', /\b(flit|hatch|pdm)\s+publish\b/],
  ['pypi', 'maturin publish', /\bmaturin\s+(publish|upload)\b/],
  ['nuget', 'dotnet nuget push', /\b(dotnet\s+nuget|nuget(\.exe)?)\s+push\b/],
  ['maven', 'gradle publish', /\bgradlew?\b[^\n]*\b(publish(?!\w*Local)\w*|closeAndRelease\w*|releaseSonatype\w*|jreleaserDeploy)\b/],
  ['maven', 'mvn deploy', /\bmvnw?\b[^\n]*\bdeploy\b/],
  ['maven', 'jreleaser deploy', /\bjreleaser\s+(deploy|full-release)\b/],
  ['rubygems', 'gem push', /\bgem\s+push\b/],
  ['rubygems', 'rake release', /\brake\s+release\b/],
  ['crates', 'release-plz', /\brelease-plz\s+release\b/],
  ['crates', 'cargo publish', /\bcargo\s+(\+\S+\s+)?publish\b/],
];

// [registry, label, pattern over `uses:`]
const ACTIONS = [
  ['pypi', 'pypa/gh-action-pypi-publish', /^pypa\/gh-action-pypi-publish@/i],
  ['npm', 'changesets/action', /^changesets\/action(\/publish)?@/i],
  ['npm', 'JS-DevTools/npm-publish', /^js-devtools\/npm-publish@/i],
  ['npm', 'semantic-release action', /^cycjimmy\/semantic-release-action@/i],
  ['rubygems', 'rubygems/release-gem', /^rubygems\/release-gem@/i],
  ['rubygems', 'rubygems/configure-rubygems-credentials', /^rubygems\/configure-rubygems-credentials@/i],
  ['nuget', 'NuGet/login', /^nuget\/login@/i],
  ['crates', 'release-plz/action', /^(release-plz|marcoieni)\/(release-plz-)?action@/i],
  ['crates', 'katyo/publish-crates', /^katyo\/publish-crates@/i],
  ['pypi', 'maturin-action', /^pyo3\/maturin-action@/i], // only with command: upload/publish, checked below
];

// [registry, pattern over a secret's name]
const SECRETS = [
  ['npm', /NPM/i],
  ['pypi', /PYPI|TWINE/i],
  ['nuget', /NUGET/i],
  ['maven', /MAVEN|OSSRH|SONATYPE/i],
  ['rubygems', /RUBYGEMS|RUBY_GEMS|GEM_HOST/i],
  ['crates', /CARGO_REGISTRY_TOKEN|CRATES/i],
  ['jsr', /\bJSR/i],
];

// OIDC consumers that are not package registries: a job whose only signal is `id-token: write`
// next to one of these is not publishing a package.
const OIDC_ELSEWHERE = /^(actions\/deploy-pages|actions\/configure-pages|actions\/upload-pages-artifact|anthropics\/claude-code-action|ossf\/scorecard-action|actions\/attest[\w-]*|aws-actions\/configure-aws-credentials|google-github-actions\/auth|azure\/login|codecov\/codecov-action|sigstore\/|docker\/login-action|slsa-framework\/)/i;

const SCRIPT_CALL = /(?:^|[\s;&|(`"'])(?:bash\s+|sh\s+|node\s+|python3?\s+|ruby\s+|\.\/)?((?:\.\/)?(?:bin|scripts?|\.github\/scripts)\/[\w./-]+)/g;

function scriptCalls(run) {
  const found = new Set();
  for (const m of run.matchAll(SCRIPT_CALL)) found.add(m[1].replace(/^\.\//, ''));
  return [...found];
}

// Text of the repository scripts a run: script calls, followed two levels deep.
function scriptTexts(repoDir, run, depth = 0, seen = new Set()) {
  const out = [];
  if (depth > 2) return out;
  for (const rel of scriptCalls(run)) {
    if (seen.has(rel)) continue;
    seen.add(rel);
    const file = path.join(repoDir, rel);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    out.push({ rel, text });
    out.push(...scriptTexts(repoDir, text, depth + 1, seen));
  }
  return out;
}

function matchCommands(text) {
  const hits = [];
  const live = text.split('\n').filter((l) => !/--dry-run|^\s*#/.test(l)).join('\n');
  for (const [registry, label, re] of COMMANDS) {
    if (re.test(live)) {
      hits.push({ registry, label });
      if (label === 'python-semantic-release') break; // not also the npm tool
      if (label === 'changeset publish' || label === 'semantic-release') break;
    }
  }
  return hits;
}

const GRANT_SCOPES = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues',
  'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];

// A permissions value as {scope: 'read'|'write'|'none'}, or null when absent.
function grantsOf(value) {
  if (value === undefined || value === null) return value === null ? {} : null;
  if (typeof value === 'string') {
    const level = value === 'write-all' ? 'write' : value === 'read-all' ? 'read' : null;
    if (!level) return {};
    return Object.fromEntries(GRANT_SCOPES.map((s) => [s, s === 'id-token' && level === 'read' ? 'none' : level]));
  }
  if (typeof value === 'object') return { ...value };
  return {};
}

// The grants a job runs with: its own, else the workflow's, else null (the repository default).
function effectiveGrants(workflow, job) {
  const own = job && Object.prototype.hasOwnProperty.call(job, 'permissions') ? grantsOf(job.permissions) : null;
  if (own) return own;
  return workflow && Object.prototype.hasOwnProperty.call(workflow, 'permissions') ? grantsOf(workflow.permissions) : null;
}

function secretNames(text) {
  return [...new Set([...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

// Steps of a local composite action (`uses: ./path`), for the signal scan.
function localActionSteps(repoDir, uses) {
  if (uses.startsWith('$/')) uses = '.' + uses.slice(1);
  if (!uses.startsWith('./')) return [];
  for (const name of ['action.yml', 'action.yaml']) {
    const file = path.join(repoDir, uses, name);
    if (fs.existsSync(file)) {
      try {
        const doc = require('yaml').parse(fs.readFileSync(file, 'utf8'), { uniqueKeys: false });
        return (doc && doc.runs && Array.isArray(doc.runs.steps)) ? doc.runs.steps : [];
      } catch { return []; }
    }
  }
  return [];
}

// Publishing evidence for one job. `workflowEnvText` is the workflow-level env as text (its
// secrets reach every job).
function detectJob(repoDir, workflow, jobId, job, workflowEnvText) {
  const evidence = []; // {registry, label, via}
  const usesSeen = [];
  const steps = Array.isArray(job.steps) ? job.steps : [];
  const scanStep = (step, via) => {
    if (!step || typeof step !== 'object') return;
    if (typeof step.run === 'string') {
      for (const h of matchCommands(step.run)) evidence.push({ ...h, via });
      for (const s of scriptTexts(repoDir, step.run)) {
        for (const h of matchCommands(s.text)) evidence.push({ ...h, label: `script ${s.rel} (${h.label})`, via: 'script' });
      }
    }
    if (typeof step.uses === 'string') {
      usesSeen.push(step.uses);
      for (const [registry, label, re] of ACTIONS) {
        if (!re.test(step.uses)) continue;
        if (label === 'maturin-action' && !/upload|publish/.test(String(step.with && step.with.command))) continue;
        if (label === 'release-plz/action' && String(step.with && step.with.command) === 'release-pr') continue; // opens a pull request
        if (label === 'changesets/action' && !/\/publish@/i.test(step.uses) && !(step.with && step.with.publish)) continue; // without `publish:` it only opens the version pull request
        evidence.push({ registry, label, via });
      }
      if (via === 'step') for (const inner of localActionSteps(repoDir, step.uses)) scanStep(inner, 'composite');
    }
  };
  for (const step of steps) scanStep(step, 'step');

  const jobText = JSON.stringify(job);
  const secrets = secretNames(jobText + '\n' + workflowEnvText);
  const credSecrets = [];
  for (const name of secrets) {
    for (const [registry, re] of SECRETS) if (re.test(name)) { credSecrets.push({ name, registry }); break; }
  }
  const grants = effectiveGrants(workflow, job) || {};
  const idToken = grants['id-token'] === 'write';
  const inherited = !Object.prototype.hasOwnProperty.call(job, 'permissions');
  const checksOut = usesSeen.some((u) => /^actions\/checkout@/i.test(u));
  const scripts = steps.flatMap((s) => (s && typeof s.run === 'string' ? scriptCalls(s.run) : []));
  const usesAll = steps.map((s) => (s && typeof s.uses === 'string' ? s.uses : '')).filter(Boolean);
  const reusable = typeof job.uses === 'string' ? job.uses : null;

  let publishing = evidence.length > 0 || credSecrets.length > 0 || idToken;
  let note = '';
  if (!evidence.length && !credSecrets.length && idToken && !reusable) {
    if (usesAll.some((u) => OIDC_ELSEWHERE.test(u))) { publishing = false; note = 'oidc for a non-registry service'; }
    else if (inherited) { publishing = false; note = 'inherits id-token: write from the workflow root; no publish step'; }
    else if (!checksOut && !scripts.length) { publishing = false; note = 'id-token: write with no checkout, registry step or repository script'; }
  }
  const registries = [...new Set([...evidence.map((e) => e.registry), ...credSecrets.map((c) => c.registry)])];
  let mechanism = '';
  if (evidence.length) mechanism = evidence[0].label + (evidence[0].via === 'composite' ? ' (composite action)' : '');
  else if (reusable) mechanism = `calls ${reusable.startsWith('./') ? 'local' : 'remote'} reusable workflow`;
  const script = scripts.find((x) => /upload|publish|release/i.test(x)) || scripts[0];
  if (mechanism) { /* an upload command or action names it */ }
  else if (credSecrets.length) mechanism = script ? `credential + script ${script}` : 'credential only, unrecognised upload';
  else if (idToken) mechanism = script ? `id-token + script ${script}` : 'id-token only';
  return {
    publishing, note, checksOut,
    registry: registries.length ? registries.join('+') : 'unknown',
    mechanism: mechanism || '',
    signals: [
      ...evidence.map((e) => e.label),
      ...credSecrets.map((c) => `secret ${c.name}`),
      ...(idToken ? ['id-token: write'] : []),
    ],
  };
}

module.exports = { detectJob, effectiveGrants, grantsOf, scriptCalls };
