import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Chromium may be: `CHROMIUM_PATH`, then Debian's and other distributions' usual places. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  return candidates.find((candidate): candidate is string => candidate !== undefined && fs.existsSync(candidate));
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    // Root in a container has no user namespace to sandbox into.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Lets a page reach only this machine: every other request is refused and recorded, and so is
 * every failed load, console error and uncaught exception (a CSP refusal is logged as a console error).
 */
export async function confineToLocalhost(page: Page): Promise<{ foreignRequests: string[]; pageErrors: string[] }> {
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL_HOSTS.has(url.hostname)) {
      void request.continue();
      return;
    }
    foreignRequests.push(request.url());
    void request.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    // Failed loads are reported below with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text());
    }
  });
  page.on('response', (response) => {
    // Chromium asks every origin for a favicon; none of these services has one.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      pageErrors.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return { foreignRequests, pageErrors };
}

/** Kept after a failed run (CI archives the folder); the folder is git-ignored. */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test-artifacts');

/** Runs `steps` on `page`; if they fail, saves a screenshot of the page, says where, and fails. */
export async function screenshotOnFailure(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    process.stderr.write(`browser test '${name}' failed; screenshot: ${file}\n`);
    throw error;
  }
}
