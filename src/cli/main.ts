import { runCli } from './program.js';

// The `shopzip` command (bin/shopzip.js runs this file). Progress goes to stderr, results to stdout.
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, environment: process.env });
