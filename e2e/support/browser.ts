import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

/** Debian's Chromium driven by playwright-core; no browser download. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!CHROMIUM) throw new Error("chromium is missing: run `apt-get install -y chromium` as root");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Opens the dashboard of a node and logs in with a token. */
export async function login(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/dashboard/`);
  await page.getByTestId("login-token").fill(token);
  await page.getByTestId("login-submit").click();
  return page;
}
