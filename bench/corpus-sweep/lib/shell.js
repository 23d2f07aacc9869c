// Shell checks over run: scripts: variables read without being defined, and shellcheck.
'use strict';
const { spawnSync } = require('child_process');

// Set by the runner or the shell itself (https://docs.github.com/actions/reference/variables-reference).
const PROVIDED = new Set(['CI', 'HOME', 'PATH', 'PWD', 'OLDPWD', 'SHELL', 'USER', 'RANDOM', 'SECONDS', 'LINENO', 'IFS',
  'BASH_SOURCE', 'BASH_REMATCH', 'PIPESTATUS', 'HOSTNAME', 'TMPDIR', 'OSTYPE', 'UID', 'EUID', 'REPLY', 'BASH_VERSION',
  'FUNCNAME', 'OPTARG', 'OPTIND', 'ImageOS', 'ImageVersion', 'JAVA_HOME', 'ANDROID_HOME', 'ANDROID_SDK_ROOT', 'GOROOT',
  'GOPATH', 'NVM_DIR', 'LANG', 'DOTNET_ROOT', 'pythonLocation', 'Python_ROOT_DIR', 'Python3_ROOT_DIR', 'PKG_CONFIG_PATH',
  'LD_LIBRARY_PATH', 'NODE_AUTH_TOKEN_UNUSED']);
const PROVIDED_PREFIX = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|JAVA_HOME_)/;

// Text with `${{ … }}` replaced by a shell-neutral word, so shell tools see plain words.
function withoutExpressions(script) {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, 'GHA_EXPRESSION');
}

// Variables the script reads with no default, minus the ones it sets itself.
function undefinedReads(script, defined) {
  const text = withoutExpressions(script)
    .replace(/<<-?\s*'(\w+)'[\s\S]*?\n\s*\1\b/g, '') // quoted heredocs don't expand
    .replace(/'[^'\n]*'/g, "''") // nor do single-quoted strings
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?\+[^}]*\}/g, ''); // ${X:+…} reads nothing when X is unset
  const assigned = new Set();
  for (const m of text.matchAll(/(?:^|[\s;&|(!{])(?:export\s+|local\s+|declare\s+(?:-\w+\s+)*|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/gm)) assigned.add(m[1]);
  for (const m of text.matchAll(/\b(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) assigned.add(m[1]);
  for (const m of text.matchAll(/\bread((?:[ \t]+[^\s;|&<>)]+)+)/g)) {
    const words = m[1].trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (/^-[a-zA-Z]*[dinNptu]$/.test(w)) { i++; continue; } // option with an argument
      if (/^-[a-zA-Z]*a$/.test(w)) { if (words[i + 1]) assigned.add(words[++i]); continue; }
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w)) assigned.add(w);
    }
  }
  for (const m of text.matchAll(/\bgetopts\s+\S+\s+([A-Za-z_][A-Za-z0-9_]*)/g)) assigned.add(m[1]);
  for (const m of text.matchAll(/\b(?:mapfile|readarray)\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)/g)) assigned.add(m[1]);
  const reads = new Map();
  const note = (name) => {
    if (assigned.has(name) || defined.has(name) || PROVIDED.has(name) || PROVIDED_PREFIX.test(name)) return;
    reads.set(name, (reads.get(name) || 0) + 1);
  };
  for (const m of text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) note(m[1]);
  for (const m of text.matchAll(/\$\{#?!?([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?([^}]*)\}/g)) {
    const op = m[3];
    if (/^:?[-=?+]/.test(op)) continue; // has a default, an error message or is a test of being set
    note(m[1]);
  }
  return [...reads.keys()];
}

function shellOf(step, job, workflow) {
  const pick = (x) => x && x.defaults && x.defaults.run && x.defaults.run.shell;
  return String(step.shell || pick(job) || pick(workflow) || 'bash');
}

// shellcheck's findings as [{code, level, message, line}], or null when the shell isn't sh-like.
function shellcheck(script, shell) {
  const dialect = /^(bash|sh|dash|ksh)\b/.exec(shell.replace(/^\/\S*\//, ''));
  if (!dialect) return null;
  const res = spawnSync('shellcheck', ['-f', 'json1', '-s', dialect[1], '-'], { input: withoutExpressions(script), encoding: 'utf8' });
  if (res.error) throw new Error(`shellcheck: ${res.error.message} (install it: apt-get install -y shellcheck)`);
  let parsed;
  try { parsed = JSON.parse(res.stdout || '{"comments":[]}'); } catch { return []; }
  const lines = withoutExpressions(script).split('\n');
  return parsed.comments.map((c) => ({ code: `SC${c.code}`, level: c.level, message: c.message, text: (lines[c.line - 1] || '').trim() }));
}

module.exports = { undefinedReads, shellcheck, shellOf, withoutExpressions };
