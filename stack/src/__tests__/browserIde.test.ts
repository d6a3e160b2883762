import type { Browser, Page } from 'puppeteer-core';
import { confineToLocalhost, findChromium, launchChromium, screenshotOnFailure } from './support/browser';
import { graphql, personInput, startTestStack, type TestStack } from './support/testStack';

/** What the page callbacks read of an element (the DOM types are not in this project's lib). */
interface TextNode {
  textContent: string | null;
}

const chromium = findChromium();
if (!chromium) {
  process.stderr.write(
    'SKIPPED: the browser tests of GraphiQL and Swagger UI need Chromium (apt-get install chromium, or set CHROMIUM_PATH)\n',
  );
}
const describeInBrowser = chromium ? describe : describe.skip;

const PERSON_ID = '7100000001';
const CREATE = `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { documentId } }`;

describeInBrowser('the in-browser tools, with no network beyond this machine', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let confined: { foreignRequests: string[]; pageErrors: string[] };

  beforeAll(async () => {
    stack = await startTestStack();
    const created = await graphql(stack.urls.gateway, CREATE, {
      input: personInput(PERSON_ID, { firstName: 'Valentina', lastName: 'Offline' }),
    });
    expect(created.body.errors).toBeUndefined();
    browser = await launchChromium(chromium ?? '');
  }, 60_000);

  afterAll(async () => {
    // Either is unset when beforeAll failed.
    await (browser as Browser | undefined)?.close();
    await (stack as TestStack | undefined)?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    confined = await confineToLocalhost(page);
  });

  afterEach(async () => {
    await page.close();
  });

  it('GraphiQL renders at the gateway and runs a query', async () => {
    await screenshotOnFailure(page, 'graphiql', async () => {
      await page.goto(stack.urls.gateway, { waitUntil: 'networkidle0' });
      await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror', { timeout: 15_000 });
      await page.$eval(
        '.graphiql-query-editor .CodeMirror',
        // The editor is CodeMirror 5, which hangs its API on its element.
        (element, query) =>
          (element as unknown as { CodeMirror: { setValue(value: string): void } }).CodeMirror.setValue(query),
        `{ person(documentId: "${PERSON_ID}") { firstName lastName } }`,
      );
      await page.click('.graphiql-execute-button');
      await page.waitForSelector('.result-window ::-p-text(Valentina)', { timeout: 15_000 });
      const result = await page.$eval('.result-window', (element: TextNode) => element.textContent ?? '');
      expect(result).toContain('"lastName": "Offline"');
      expect(confined.foreignRequests).toEqual([]);
      expect(confined.pageErrors).toEqual([]);
    });
  }, 60_000);

  it.each(['create', 'read', 'update', 'delete'] as const)(
    'Swagger UI renders at /docs on the %s port',
    async (role) => {
      await screenshotOnFailure(page, `swagger-${role}`, async () => {
        await page.goto(`${stack.urls.bridge[role]}/docs`, { waitUntil: 'networkidle0' });
        await page.waitForSelector('.swagger-ui .opblock', { timeout: 15_000 });
        const title = await page.$eval('.swagger-ui .info .title', (element: TextNode) => element.textContent ?? '');
        expect(title).toMatch(/People/i);
        expect(confined.foreignRequests).toEqual([]);
        expect(confined.pageErrors).toEqual([]);
      });
    },
    60_000,
  );

  it('Swagger UI "Try it out" on GET /{doc_id} shows the person', async () => {
    await screenshotOnFailure(page, 'swagger-try-it-out', async () => {
      await page.goto(`${stack.urls.bridge.read}/docs`, { waitUntil: 'networkidle0' });
      const operation = await page.waitForSelector('#operations-default-getPerson', { timeout: 15_000 });
      await (await operation?.$('.opblock-summary-control'))?.click();
      await page.waitForSelector('#operations-default-getPerson .try-out__btn');
      await page.click('#operations-default-getPerson .try-out__btn');
      // The field starts with the document's example id; select it so that typing replaces it.
      const idField = '#operations-default-getPerson input[placeholder="doc_id"]';
      await page.click(idField, { count: 3 });
      await page.type(idField, PERSON_ID);
      await page.click('#operations-default-getPerson .execute');
      await page.waitForSelector('#operations-default-getPerson .live-responses-table ::-p-text(Valentina)', {
        timeout: 15_000,
      });
      const response = await page.$eval(
        '#operations-default-getPerson .live-responses-table',
        (element: TextNode) => element.textContent ?? '',
      );
      expect(response).toContain(`"document_id": "${PERSON_ID}"`);
      const status = await page.$eval(
        '#operations-default-getPerson .live-responses-table .response .response-col_status',
        (element: TextNode) => element.textContent?.trim(),
      );
      expect(status).toBe('200');
      expect(confined.foreignRequests).toEqual([]);
      expect(confined.pageErrors).toEqual([]);
    });
  }, 60_000);
});
