// Portico's browser suite: serves built sites on 127.0.0.1 with the security headers the build wrote for
// them (Netlify's `_headers` and `_redirects`), opens every page in Debian's Chromium at a phone and a
// desktop width, and reports what a visitor would meet: axe-core violations (WCAG 2.0/2.1 A and AA),
// console errors, Content-Security-Policy violations, interactive elements that Tab does not reach or
// that show no focus indicator, and sideways scrolling on the phone.
//
//   node tests/browser/run.mjs --screenshots DIR NAME=SITE_OUTPUT_DIR...
//
// `tests/browser.rs` builds the sites and runs this; it is not meant to be run by hand, though it can be.
// Exit status: 0 when nothing was found, 1 with a report when something was, 2 when the suite cannot run
// (no browser, no npm packages, bad arguments). It never passes by skipping.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.PORTICO_CHROMIUM || '/usr/bin/chromium';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 800 },
];
// Pages open at once. Chromium's renderers and this process share two cores; more only queues.
const PARALLEL = Number(process.env.PORTICO_BROWSER_PARALLEL || 3);
// A path no site has, for the 404 page as hosts serve it.
const MISSING = '/portico-browser-test-no-such-page/';

function fail(message) {
  process.stderr.write(`browser suite: ${message}\n`);
  process.exit(2);
}

const INSTALL_HINT =
  'install them with: apt-get install -y chromium && (cd tests/browser && npm ci)';

if (!fs.existsSync(CHROMIUM)) {
  fail(`Chromium is not at ${CHROMIUM}; ${INSTALL_HINT}`);
}
let chromium, axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  axeSource = (await import('axe-core')).default.source;
} catch (error) {
  fail(`the npm packages are missing (${error.message.split('\n')[0]}); ${INSTALL_HINT}`);
}

// ---------- arguments ----------

let shotsDir = null;
const sites = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--screenshots') {
    shotsDir = argv[++i];
  } else {
    const eq = argv[i].indexOf('=');
    if (eq < 1) fail(`expected NAME=DIR, got \`${argv[i]}\``);
    sites.push({ name: argv[i].slice(0, eq), root: path.resolve(argv[i].slice(eq + 1)) });
  }
}
if (!shotsDir || sites.length === 0) {
  fail('usage: node run.mjs --screenshots DIR NAME=SITE_OUTPUT_DIR...');
}

// ---------- the static host ----------

/// `_headers`: a path pattern at the start of a line, its `Name: value` headers indented below it.
function readHeaders(root) {
  const file = path.join(root, '_headers');
  if (!fs.existsSync(file)) {
    fail(`${root} has no _headers file: build the site with \`deploy: { targets: [netlify] }\``);
  }
  const rules = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
    } else if (rules.length) {
      const colon = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

/// `_redirects`: `FROM TO STATUS` per line.
function readRedirects(root) {
  const file = path.join(root, '_redirects');
  const map = new Map();
  if (!fs.existsSync(file)) return map;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [from, to, status] = line.trim().split(/\s+/);
    if (from && to && !from.startsWith('#')) map.set(from, { to, status: Number(status || 301) });
  }
  return map;
}

function matches(pattern, urlPath) {
  return pattern.endsWith('*') ? urlPath.startsWith(pattern.slice(0, -1)) : pattern === urlPath;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/// Serves one built site as Netlify would: its `_headers` rules on every response, `_redirects` as
/// redirects, `DIR/` as `DIR/index.html`, and `404.html` with status 404 for anything missing. The
/// site's base-URL subpath (the prefix of its catch-all header rule) is kept in the served paths, so
/// its root-relative links work unchanged.
function serve(site) {
  const rules = readHeaders(site.root);
  const redirects = readRedirects(site.root);
  const catchAll = rules.find((r) => r.pattern.endsWith('/*'));
  site.prefix = catchAll ? catchAll.pattern.slice(0, -2) : '';
  site.redirects = redirects;
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://host').pathname);
    for (const rule of rules) {
      if (matches(rule.pattern, urlPath)) for (const [k, v] of rule.headers) res.setHeader(k, v);
    }
    const redirect = redirects.get(urlPath);
    if (redirect) {
      res.writeHead(redirect.status, { Location: redirect.to });
      return res.end();
    }
    let file = null;
    if (urlPath.startsWith(`${site.prefix}/`) && !urlPath.includes('..') && !urlPath.includes('\0')) {
      const rel = urlPath.slice(site.prefix.length);
      const candidate = path.join(site.root, rel.endsWith('/') ? `${rel}index.html` : rel);
      if (!rel.split('/').some((part) => part.startsWith('.')) && fs.existsSync(candidate)) {
        if (fs.statSync(candidate).isDirectory()) {
          res.writeHead(301, { Location: `${urlPath}/` });
          return res.end();
        }
        file = candidate;
      }
    }
    const status = file ? 200 : 404;
    file ??= path.join(site.root, '404.html');
    if (!fs.existsSync(file)) {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('Not found\n');
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] || 'application/octet-stream');
    res.writeHead(status);
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      site.origin = `http://127.0.0.1:${server.address().port}`;
      resolve(server);
    });
  });
}

/// Every page of a built site: each `.html` file except the redirect stubs of page aliases (the host
/// answers those addresses with a redirect) and `404.html`, which is visited at a missing address.
function pagesOf(site) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.html')) {
        const rel = `/${path.relative(site.root, full).split(path.sep).join('/')}`;
        if (rel === '/404.html') continue;
        const urlPath = site.prefix + rel.replace(/(^|\/)index\.html$/, '$1');
        if (!site.redirects.has(urlPath)) pages.push({ path: urlPath, status: 200 });
      }
    }
  };
  walk(site.root);
  pages.sort((a, b) => a.path.localeCompare(b.path));
  if (fs.existsSync(path.join(site.root, '404.html'))) {
    pages.push({ path: site.prefix + MISSING, status: 404 });
  }
  return pages;
}

/// The pages photographed for the README and for review: home, portal, explainer, a location, a
/// provider, the second page of the news list, a topic page and the search page (the first of each, in
/// the site's default language), where the site has them.
function screenshotPages(site, pages) {
  const p = site.prefix;
  const first = (re) => pages.find((page) => re.test(page.path.slice(p.length)))?.path;
  return Object.fromEntries(
    Object.entries({
      home: first(/^\/$/),
      portal: first(/^\/patient-portal\/$/),
      explainer: first(/^\/patient-portal\/[^/]+\/$/),
      location: first(/^\/locations\/[^/]+\/$/),
      provider: first(/^\/providers\/[^/]+\/$/),
      'list-page-2': first(/^\/news\/page\/2\/$/),
      tag: first(/^\/tags\/[^/]+\/$/),
      search: first(/^\/search\/$/),
    })
      .filter(([, v]) => v)
      .map(([k, v]) => [v, k]),
  );
}

// ---------- in-page checks (run inside the page by `page.evaluate`) ----------

/// Installed before any of the page's own code runs: records CSP violations as the browser reports them.
function recordCspViolations() {
  window.__porticoCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__porticoCsp.push(
      `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}` +
        (e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '') +
        (e.sample ? ` (${e.sample})` : ''),
    );
  });
}

/// Finds the elements Tab should reach and remembers how each looks unfocused, with what could carry its
/// focus indicator: itself, its ::before and ::after, and its nearest ancestors (a card that outlines
/// itself when its link has focus).
function prepareFocusCheck() {
  const SELECTOR =
    'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const rendered = (el) => {
    if (el.closest('[inert]') || el.getClientRects().length === 0) return false;
    return getComputedStyle(el).visibility === 'visible';
  };
  const tabbable = (el) => {
    if (el.disabled || el.tabIndex < 0) return false;
    if (el.matches('input[type=hidden]')) return false;
    if (el.localName === 'summary' && el.parentElement?.querySelector(':scope > summary') !== el) return false;
    return rendered(el);
  };
  const PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow'];
  const carriers = (el) => {
    const list = [
      [el, null, 'itself'],
      [el, '::before', '::before'],
      [el, '::after', '::after'],
    ];
    let up = el.parentElement;
    for (let depth = 1; up && up !== document.body && depth <= 3; depth++, up = up.parentElement) {
      list.push([up, null, `ancestor ${depth}`]);
    }
    return list;
  };
  const snapshot = (el) =>
    carriers(el).map(([node, pseudo, name]) => {
      const cs = getComputedStyle(node, pseudo);
      return { name, ...Object.fromEntries(PROPS.map((p) => [p, cs[p]])) };
    });
  const describe = (el) => {
    const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ');
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
    const href = el.getAttribute('href');
    return `<${el.localName}${id}${cls}${href ? ` href="${href}"` : ''}> "${text.slice(0, 50)}"`;
  };
  const transparent = (color) => /^rgba\(.*,\s*0\)$/.test(color) || color === 'transparent';
  const shows = (s) =>
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent(s.outlineColor)) ||
    (s.boxShadow !== 'none' && !/^rgba\([^)]*,\s*0\)[^,]*$/.test(s.boxShadow));
  const elements = [...document.querySelectorAll(SELECTOR)].filter(tabbable);
  const before = elements.map(snapshot);
  document.activeElement?.blur?.();
  window.__porticoFocus = {
    elements,
    /// Which of `elements` has focus now (-1 for none of them) and whether something visibly
    /// changed to show it.
    current() {
      const el = document.activeElement;
      const index = elements.indexOf(el);
      if (!el || el === document.body) return { index: -1, body: true };
      const now = snapshot(el);
      const was = index >= 0 ? before[index] : now.map(() => ({}));
      const indicator = now.find((s, i) => shows(s) && PROPS.some((p) => s[p] !== was[i][p]));
      return {
        index,
        body: false,
        element: describe(el),
        indicator: indicator ? indicator.name : null,
        style: `outline ${now[0].outlineStyle} ${now[0].outlineWidth} ${now[0].outlineColor}, box-shadow ${now[0].boxShadow}`,
      };
    },
    describe: (i) => describe(elements[i]),
  };
  return elements.length;
}

// ---------- keyboard journeys ----------

/// Presses Tab until the focused element matches `selector` (at most `limit` times); whether it got there.
async function tabTo(tab, selector, limit = 150) {
  for (let i = 0; i < limit; i++) {
    await tab.keyboard.press('Tab');
    if (await tab.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

/// What a visitor does with the keyboard alone, on each site that has the pages: from the news list to
/// its second page by "Next page", from a post to its topic's page, and from the header's search box to a
/// result. Each journey that ran is named in
/// the output (`journey SITE NAME: ok`), so the caller can tell that it ran; a failed step is a finding.
async function journeys(context, site, pages, findings) {
  const has = (re) => pages.find((page) => re.test(page.path.slice(site.prefix.length)))?.path;
  const tab = await context.newPage();
  const report = (name, problem) =>
    findings.push({ job: { site, page: { path: `journey ${name}` }, width: { width: 1280 } }, problems: [problem] });
  try {
    const list = has(/^\/news\/$/);
    if (list && has(/^\/news\/page\/2\/$/)) {
      await tab.goto(site.origin + list);
      if (!(await tabTo(tab, 'nav.pagination a[rel="next"]'))) {
        report('pagination', 'Tab never reaches the "Next page" link of the news list');
      } else {
        await Promise.all([tab.waitForNavigation(), tab.keyboard.press('Enter')]);
        const where = new URL(tab.url()).pathname;
        const current = await tab.evaluate(
          () => document.querySelector('nav.pagination [aria-current="page"]')?.textContent.trim(),
        );
        if (where !== `${site.prefix}/news/page/2/` || current !== '2') {
          report('pagination', `Enter on "Next page" led to ${where}, marked as page ${current}`);
        } else {
          process.stdout.write(`journey ${site.name} pagination: ok\n`);
        }
      }
    }
    // A news post that shows its topics.
    const post = pages.find((page) => {
      const rel = page.path.slice(site.prefix.length);
      if (!/^\/news\/[^/]+\/$/.test(rel) || rel.startsWith('/news/page/')) return false;
      const file = path.join(site.root, rel, 'index.html');
      return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('<div class="tags">');
    });
    if (post && has(/^\/tags\/[^/]+\/$/)) {
      await tab.goto(site.origin + post.path);
      if (!(await tabTo(tab, '.tags a'))) {
        report('tag', `Tab never reaches a topic link on ${post.path}`);
      } else {
        const name = await tab.evaluate(() => document.activeElement.textContent.trim());
        await Promise.all([tab.waitForNavigation(), tab.keyboard.press('Enter')]);
        const heading = await tab.evaluate(() => document.querySelector('h1')?.textContent.trim());
        const listed = await tab.evaluate(
          (p) => [...document.querySelectorAll('main a')].some((a) => new URL(a.href).pathname === p),
          post.path,
        );
        if (heading !== name || !listed) {
          report('tag', `the topic link "${name}" led to a page titled "${heading}" that ${listed ? 'lists' : 'does not list'} the post`);
        } else {
          process.stdout.write(`journey ${site.name} tag: ok\n`);
        }
      }
    }
    // The header's search box to the search page, and a result, by keyboard alone. Every site has a
    // portal page, so "portal" always finds one; pages with the word in their title come first.
    const home = has(/^\/$/);
    if (home && has(/^\/search\/$/)) {
      await tab.goto(site.origin + home);
      if (!(await tabTo(tab, 'form.search-box input[name="q"]'))) {
        report('search', 'Tab never reaches the search box in the header');
      } else {
        await tab.keyboard.type('portal');
        await Promise.all([tab.waitForNavigation(), tab.keyboard.press('Enter')]);
        const where = new URL(tab.url());
        await tab.waitForSelector('#search-results a', { timeout: 5000 }).catch(() => {});
        const status = await tab.evaluate(() => document.getElementById('search-status')?.textContent.trim());
        await tab.screenshot({ path: path.join(shotsDir, site.name, 'search-results-1280.png') });
        if (where.pathname !== `${site.prefix}/search/` || where.searchParams.get('q') !== 'portal') {
          report('search', `the search box led to ${where.pathname}${where.search}`);
        } else if (!(await tabTo(tab, '#search-results a'))) {
          report('search', `Tab never reaches a search result (the page says "${status}")`);
        } else {
          const title = await tab.evaluate(() => document.activeElement.textContent.trim());
          await Promise.all([tab.waitForNavigation(), tab.keyboard.press('Enter')]);
          const heading = await tab.evaluate(() => document.querySelector('h1')?.textContent.trim());
          const mentions = await tab.evaluate(() => /portal/i.test(document.querySelector('main')?.textContent ?? ''));
          if (heading !== title || !mentions) {
            report('search', `the result "${title}" led to a page titled "${heading}" that ${mentions ? 'says' : 'does not say'} "portal"`);
          } else {
            process.stdout.write(`journey ${site.name} search: ok\n`);
          }
        }
      }
    }
  } catch (error) {
    report('journeys', `the journey itself failed: ${error.message.split('\n')[0]}`);
  } finally {
    await tab.close();
  }
}

// ---------- the run ----------

/// A tab that a worker reuses from page to page: V8 keeps axe-core compiled and warm between them, which
/// halves the time per page. Its listeners report to the page being checked (`tab.job`).
async function openTab(context) {
  const tab = await context.newPage();
  await tab.addInitScript(recordCspViolations);
  const report = (problem) => tab.job?.problems.push(problem);
  tab.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url;
    // The 404 page is answered with status 404 on purpose; Chromium logs that status as an error.
    if (tab.job?.status === 404 && where === tab.job.url && /status of 404/.test(msg.text())) return;
    report(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  tab.on('pageerror', (error) => report(`uncaught exception: ${error.message}`));
  tab.on('requestfailed', (req) => {
    // Leaving a page cancels what it still loads (a lazy picture the focus check scrolled to): not a
    // failure of the page. Every other failed request is.
    if (tab.job?.leaving && req.failure()?.errorText === 'net::ERR_ABORTED') return;
    report(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  tab.on('response', (res) => {
    if (res.url() !== tab.job?.url && res.status() >= 400) report(`HTTP ${res.status()} for ${res.url()}`);
  });
  return tab;
}

async function checkPage(tab, site, page, width, shots) {
  const problems = [];
  const url = site.origin + page.path;
  tab.job = { problems, url, status: page.status };
  try {
    const response = await tab.goto(url, { waitUntil: 'load' });
    if (response.status() !== page.status) {
      problems.push(`HTTP ${response.status()}, expected ${page.status}`);
    }
    if (!response.headers()['content-security-policy']) {
      problems.push('served without a Content-Security-Policy header');
    }
    if (shots[page.path]) {
      const file = path.join(shotsDir, site.name, `${shots[page.path]}-${width.width}.png`);
      await tab.screenshot({ path: file });
      if (shots[page.path] === 'home') {
        // A small copy for the README (the PNG of a hero with a background runs to 300 KB).
        await tab.screenshot({ path: file.replace(/\.png$/, '.jpg'), type: 'jpeg', quality: 80 });
      }
    }

    if (width.width <= 375) {
      const { scrollWidth, innerWidth, widest } = await tab.evaluate(() => {
        let widest = null;
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 0.5 && (!widest || r.right > widest.right)) {
            widest = { right: Math.round(r.right), tag: el.localName, cls: el.className };
          }
        }
        return {
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          widest,
        };
      });
      if (scrollWidth > innerWidth) {
        const culprit = widest ? `; widest: <${widest.tag} class="${widest.cls}"> to ${widest.right}px` : '';
        problems.push(`scrolls sideways: ${scrollWidth}px of content in ${innerWidth}px${culprit}`);
      }
    }

    await tab.evaluate(axeSource);
    const violations = await tab.evaluate(async (tags) => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      }));
    }, TAGS);
    for (const v of violations) {
      problems.push(
        `axe ${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.slice(0, 5).map((n) => `        ${n}`).join('\n') +
          (v.nodes.length > 5 ? `\n        ... and ${v.nodes.length - 5} more` : ''),
      );
    }

    const count = await tab.evaluate(prepareFocusCheck);
    const reached = new Set();
    let firstIndex = null;
    for (let press = 0; press < count + 3; press++) {
      await tab.keyboard.press('Tab');
      const focus = await tab.evaluate(() => window.__porticoFocus.current());
      if (focus.body) continue;
      if (focus.index === firstIndex && reached.size > 0) break;
      firstIndex ??= focus.index;
      if (focus.index < 0) {
        problems.push(`Tab focuses ${focus.element}, which does not look focusable to the check`);
        continue;
      }
      reached.add(focus.index);
      if (!focus.indicator) {
        problems.push(`no visible focus indicator on ${focus.element} (${focus.style})`);
      }
    }
    for (let i = 0; i < count; i++) {
      if (!reached.has(i)) {
        problems.push(`Tab never reaches ${await tab.evaluate((j) => window.__porticoFocus.describe(j), i)}`);
      }
    }

    // Lazy pictures the focus check scrolled into view: let them arrive (or fail, and be reported).
    await tab
      .evaluate(() =>
        Promise.race([
          Promise.all(
            [...document.images]
              .filter((img) => !img.complete)
              .map(
                (img) =>
                  new Promise((done) => {
                    img.addEventListener('load', done, { once: true });
                    img.addEventListener('error', done, { once: true });
                  }),
              ),
          ),
          new Promise((done) => setTimeout(done, 5000)),
        ]),
      )
      .catch(() => {});

    for (const v of await tab.evaluate(() => window.__porticoCsp)) {
      problems.push(`CSP violation: ${v}`);
    }
  } catch (error) {
    problems.push(`the check itself failed: ${error.message.split('\n')[0]}`);
  } finally {
    // Whatever the page still logs belongs to it, not to the next one.
    tab.job.leaving = true;
    await tab.goto('about:blank').catch(() => {});
    tab.job = null;
  }
  return problems;
}

async function main() {
  const started = Date.now();
  const servers = [];
  const jobs = [];
  for (const site of sites) {
    servers.push(await serve(site));
    const pages = pagesOf(site);
    const shots = screenshotPages(site, pages);
    site.shots = shots;
    // A fresh folder, so no screenshot of an earlier run passes for one of this run.
    fs.rmSync(path.join(shotsDir, site.name), { recursive: true, force: true });
    fs.mkdirSync(path.join(shotsDir, site.name), { recursive: true });
    for (const page of pages) for (const width of WIDTHS) jobs.push({ site, page, width, shots });
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root (CI) Chromium needs --no-sandbox; the network is closed, so nothing in the background.
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts = new Map();
  for (const width of WIDTHS) {
    contexts.set(
      width.name,
      await browser.newContext({
        viewport: { width: width.width, height: width.height },
        deviceScaleFactor: 1,
        colorScheme: 'light',
        reducedMotion: 'reduce',
      }),
    );
  }

  const findings = [];
  let next = 0;
  const worker = async () => {
    const tabs = new Map();
    for (const [name, context] of contexts) tabs.set(name, await openTab(context));
    while (next < jobs.length) {
      const job = jobs[next++];
      const problems = await checkPage(tabs.get(job.width.name), job.site, job.page, job.width, job.shots);
      if (problems.length) findings.push({ job, problems });
    }
    for (const tab of tabs.values()) await tab.close();
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  for (const site of sites) await journeys(contexts.get('desktop'), site, pagesOf(site), findings);
  await browser.close();
  for (const server of servers) server.close();

  findings.sort((a, b) =>
    `${a.job.site.name} ${a.job.page.path} ${a.job.width.width}`.localeCompare(
      `${b.job.site.name} ${b.job.page.path} ${b.job.width.width}`,
      undefined,
      { numeric: true },
    ),
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const pageCount = new Set(jobs.map((j) => `${j.site.name} ${j.page.path}`)).size;
  for (const site of sites) {
    const taken = Object.values(site.shots);
    process.stdout.write(`screenshots ${site.name}: ${taken.join(' ') || 'none'}\n`);
  }
  for (const { job, problems } of findings) {
    process.stdout.write(`\n${job.site.name} ${job.page.path} at ${job.width.width}px:\n`);
    for (const p of problems) process.stdout.write(`  - ${p}\n`);
  }
  const total = findings.reduce((n, f) => n + f.problems.length, 0);
  process.stdout.write(
    `\nbrowser suite: ${pageCount} pages of ${sites.length} sites at ${WIDTHS.map((w) => `${w.width}px`).join(' and ')} ` +
      `in ${seconds} s: ${total} problems on ${findings.length} of ${jobs.length} page views\n`,
  );
  process.exit(total ? 1 : 0);
}

await main();
