// The user's browser in the OAuth end-to-end tests: headless Chromium driven by
// playwright-core. It opens the URL it is given, approves this server's consent page, signs
// in at the OpenID provider as the test user, approves the provider's consent page, and
// stops at the MCP client's redirect URI. It writes what it saw as JSON to BROWSER_REPORT:
// {"pages": ["proxy-consent", "idp-login", "idp-consent"], "final": <redirect URL>, ...}.
//
// Environment: BROWSER_REPORT (file), CHROMIUM (default /usr/bin/chromium), BROWSER_STOP_AT
// (a redirect URI prefix where nothing listens: the browser stops at the request; default:
// stop at any loopback ".../callback?" page, where fastmcp's OAuth client listens).
import { writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const url = process.argv[2];
const stopAt = process.env.BROWSER_STOP_AT || "";
const clientCallback = /^http:\/\/(localhost|127\.0\.0\.1):\d+\/callback\?/;
const report = { pages: [], final: null, status: null, error: null };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await (await browser.newContext()).newPage();
  if (stopAt) {
    // Nothing listens there: the request itself is what the client would have received.
    page.on("request", (request) => {
      if (request.url().startsWith(stopAt)) report.final = request.url();
    });
  }
  const submit = async (selector) => {
    try {
      await Promise.all([page.waitForNavigation({ timeout: 20000 }), page.click(selector)]);
    } catch (error) {
      if (!report.final) throw error;
    }
  };
  const response = await page.goto(url, { timeout: 20000 });
  report.status = response ? response.status() : null;
  for (let step = 0; step < 8 && !report.final; step += 1) {
    if (clientCallback.test(page.url())) {
      report.final = page.url();
    } else if (await page.locator("#consentForm").count()) {
      report.pages.push("proxy-consent");
      await submit("button[value=approve]");
    } else if (await page.locator("#sign-in").count()) {
      report.pages.push("idp-login");
      await page.fill("#username", "alice");
      await page.fill("#password", "wonderland-password");
      await submit("#sign-in");
    } else if (await page.locator("#allow").count()) {
      report.pages.push("idp-consent");
      await submit("#allow");
    } else {
      report.pages.push(`other: ${(await page.content()).slice(0, 500)}`);
      break;
    }
  }
} catch (error) {
  report.error = String(error);
} finally {
  await browser.close();
  if (process.env.BROWSER_REPORT) writeFileSync(process.env.BROWSER_REPORT, JSON.stringify(report));
  else console.log(JSON.stringify(report));
}
