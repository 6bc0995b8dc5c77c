#!/usr/bin/env node
// `npx pavior …` (package.json `bin`). The command line is TypeScript, like the rest of Pavior:
// tsx's loader runs it without a build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');

// Ctrl-C once cancels a running import (it stops after the batch in hand); twice exits at once.
const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nCancelling… (Ctrl-C again to quit now)\n');
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal });
process.exitCode = code;
// Idle keep-alive sockets must not hold the exit back.
setTimeout(() => process.exit(code), 2000).unref();
