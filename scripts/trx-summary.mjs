// Prints one plain closing line with the totals of every .trx file in a folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith('.trx'))) {
  const counters = readFileSync(join(dir, name), 'utf8').match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const get = (k) => Number((counters[0].match(new RegExp(`\\b${k}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += get('passed');
  failed += get('failed') + get('error') + get('timeout') + get('aborted');
  skipped += get('notExecuted');
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
