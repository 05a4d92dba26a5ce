import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';

declare const DOCKSIDE_VERSION: string;

// Other editors start us as `dockside-language-server --stdio`; with no transport named, stdio it is.
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe'];
if (!process.argv.some((arg) => transports.some((t) => arg.startsWith(t)))) process.argv.push('--stdio');

if (process.argv.includes('--version')) {
  process.stdout.write(`${DOCKSIDE_VERSION}\n`);
  process.exit(0);
}

startServer(createConnection(ProposedFeatures.all), DOCKSIDE_VERSION);
