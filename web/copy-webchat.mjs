// Copies the official Web Chat bundle from node_modules into the host's wwwroot/lib, where the chat page loads it
// with a script tag. The bundle is fetched from npm at build time and never committed (see .gitignore).
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, 'node_modules', 'botframework-webchat');
const target = join(here, '..', 'src', 'BackPainBot', 'wwwroot', 'lib');

const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
if (!version.startsWith('4.18.')) {
  // The host's Direct Line is tested against Web Chat 4.18; another minor version needs the browser tests first.
  console.error(`botframework-webchat ${version} is installed; the chat page is tested with 4.18.x.`);
  process.exit(1);
}

mkdirSync(target, { recursive: true });
for (const [from, to] of [['webchat.js', 'webchat.js'], ['webchat.js.LICENSE.txt', 'webchat.js.LICENSE.txt']]) {
  copyFileSync(join(packageDir, 'dist', from), join(target, to));
}

const kib = Math.round(statSync(join(target, 'webchat.js')).size / 1024);
console.log(`Web Chat ${version} copied to src/BackPainBot/wwwroot/lib/webchat.js (${kib} KiB).`);
