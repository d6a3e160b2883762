import fs from 'node:fs';
import path from 'node:path';
import { renderSettingsDoc } from './settingsDoc';

/** `npm run docs:settings`: writes docs/configuration.md from the settings' schemas. */
const target = path.resolve(__dirname, '..', '..', 'docs', 'configuration.md');
fs.writeFileSync(target, renderSettingsDoc());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
