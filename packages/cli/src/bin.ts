#!/usr/bin/env node
import { runCli } from './cli.js';

const code = await runCli(process.argv);
// Long-running commands (dev, start, worker) keep the process alive through their servers.
if (code !== 0) process.exit(code);
