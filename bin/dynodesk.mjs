#!/usr/bin/env node
// The `dynodesk` command. TypeScript sources run through tsx's loader, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/host/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit once everything written has been flushed (pipes are asynchronous), even if a socket lingers.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
