#!/usr/bin/env node
// The CLI runs from the compiled output; `npm install` (or `npm run build`) produces it.
let cli;
try {
  cli = await import('../dist/cli/index.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('ectus: the compiled CLI is missing; run `npm run build` in the Ectus folder first.\n');
  process.exit(2);
}
process.exitCode = await cli.main(process.argv);
