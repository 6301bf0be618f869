// Lighthouse's SEO category for each address given, in one headless Chromium (Debian's, whose
// path comes first), printed as JSON: each address's score and the audits it failed. Run by
// tests/test_browser.py from the folder where lighthouse was installed (LIGHTHOUSE below).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [chromePath, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = {};
try {
  for (const url of urls) {
    const { lhr } = await lighthouse(url, { port: chrome.port, onlyCategories: ["seo"], output: "json", logLevel: "error" });
    const failed = Object.values(lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 1 && lhr.categories.seo.auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0))
      .map((audit) => ({ id: audit.id, title: audit.title, items: (audit.details?.items || []).slice(0, 5) }));
    results[url] = { score: lhr.categories.seo.score, failed, runtimeError: lhr.runtimeError?.message || null };
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(results));
