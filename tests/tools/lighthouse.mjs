// Lighthouse's accessibility audit of several pages in ONE Chromium (one Node
// start, one browser start: the CLI would pay both for every page).
// Usage: CHROME_PATH=/usr/bin/chromium node lighthouse.mjs URL... > results.json
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const results = {};
try {
  for (const url of process.argv.slice(2)) {
    const { lhr } = await lighthouse(url, { port: chrome.port, onlyCategories: ["accessibility"], logLevel: "error" });
    const failed = Object.entries(lhr.audits)
      .filter(([, audit]) => audit.scoreDisplayMode === "binary" && audit.score === 0)
      .map(([id]) => id);
    results[url] = { score: lhr.categories.accessibility.score, failed, error: lhr.runtimeError?.message ?? null };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
