/* The other pages (home, /thong-bao, /phieu/{id}), how static files are served (types,
 * gzip, ETag, CSP, no traversal), page weight, font size on phones and an axe-core audit. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');
const h = require('./lib/harness');

const PAGES = ['/', '/dat-lich', '/tra-cuu', '/thong-bao', '/phieu/x', '/dang-nhap', '/quay', '/man-hinh/phuong-pho-yen'];
const WEIGHT_LIMIT = 100 * 1024;

let server, browser;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/* A raw GET (no path normalisation, no automatic decompression). */
function rawGet(p, headers = {}, method = 'GET') {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: p, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('/thong-bao lists the demo notice, for all units and per unit', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/thong-bao');
  const title = page.getByRole('heading', { name: 'Triển khai đặt lịch và lấy số thứ tự trực tuyến' });
  await title.waitFor();
  const text = await page.locator('#notices').innerText();
  assert.match(text, /Đăng ngày 20\/9\/2025 08:00/);
  assert.match(text, /nhận mã đặt chỗ gồm 4 ký tự/);
  await h.screenshot(page, 'thong-bao-360');
  await page.getByLabel('Đơn vị').selectOption({ label: 'Phường Phổ Yên' });
  await title.waitFor();
  await page.getByLabel('Đơn vị').selectOption({ label: 'Phường Bá Xuyên' });
  await page.getByText('Chưa có thông báo nào.').waitFor();
  assert.equal(await title.count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('home page links the three services; the header marks the current page', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/');
  for (const name of ['Trang chủ', 'Đặt lịch', 'Thông báo', 'Tra cứu'])
    assert.equal(await page.getByRole('navigation').getByRole('link', { name, exact: true }).count(), 1, name);
  assert.equal(await page.locator('nav a[aria-current=page]').innerText(), 'Trang chủ');
  await h.screenshot(page, 'trang-chu-360');
  await page.locator('main').getByRole('link', { name: /^Đặt lịch hẹn/ }).click();
  await page.waitForURL('**/dat-lich');
  assert.equal(await page.locator('nav a[aria-current=page]').innerText(), 'Đặt lịch');
  await page.context().close();
});

test('/phieu/{id} shows the printed ticket\'s place in the queue', async () => {
  assert.ok(server.kioskToken, 'the demo seed printed a kiosk token');
  const made = await h.book(server, { date: '2025-09-26', slot: '0730-0930' });
  assert.equal(made.status, 201, made.text);
  const clock = await h.api(server, 'POST', '/dev/clock', { now: '2025-09-26T07:10:00+07:00' });
  assert.equal(clock.status, 200, clock.text);
  const auth = { Authorization: 'Bearer ' + server.kioskToken };
  const first = await h.api(server, 'POST', '/kiosk/tickets', { field: 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc', priority: false }, auth);
  assert.equal(first.status, 201, first.text);
  const checkin = await h.api(server, 'POST', '/kiosk/checkin', { input: made.body.code }, auth);
  assert.equal(checkin.status, 200, checkin.text);
  const ticket = checkin.body.ticket;

  const page = await h.newPage(browser, 360, 800);
  /* The page's live stream counts silence on the faked clock too (common.js: a stream quiet
   * for 10 s is opened afresh, and the new stream's snapshot reads the status once more).
   * The server pings every 5 s of real time, which the faked 28 s below do not wait for:
   * the test pings the page's streams itself as it moves the clock on. */
  await page.addInitScript(() => {
    const Real = window.EventSource;
    window.__streams = [];
    window.EventSource = class extends Real {
      constructor(...args) { super(...args); window.__streams.push(this); }
    };
  });
  const ping = () => page.evaluate(() => window.__streams.forEach((s) => s.dispatchEvent(new Event('ping'))));
  await page.clock.install();
  let polls = 0, pending = 0;
  const isStatus = (r) => r.url().includes('/status');
  page.on('request', (r) => { if (isStatus(r)) { polls++; pending++; } });
  page.on('requestfinished', (r) => { if (isStatus(r)) pending--; });
  page.on('requestfailed', (r) => { if (isStatus(r)) pending--; });
  await page.goto(server.url + '/phieu/' + encodeURIComponent(ticket.id));
  await page.locator('#number', { hasText: ticket.number }).waitFor();
  /* the check-in's own events may still reach the page's stream and ask for the status once
   * more (250 ms later): let that happen and finish, then the 30 s period starts over */
  await page.clock.runFor(1000);
  for (let i = 0; i < 100 && pending > 0; i++) await new Promise((r) => setTimeout(r, 20));
  /* it asks again every 30 seconds */
  const polled = polls;
  for (const step of [9000, 9000, 9000, 1000]) {
    await ping();
    await page.clock.runFor(step);
  }
  assert.equal(polls, polled);
  await ping();
  const again = page.waitForResponse(isStatus);
  await page.clock.runFor(2500);
  await again;
  assert.equal(polls, polled + 1);
  assert.equal(await page.locator('#state').innerText(), 'Đang chờ');
  const status = await h.api(server, 'GET', `/tickets/${encodeURIComponent(ticket.id)}/status`);
  assert.match(await page.locator('#details').innerText(), new RegExp(String(status.body.waiting_before)));
  assert.match(await page.locator('#updated').innerText(), /Cập nhật lúc/);
  assert.equal(await page.getByText('Trang tự cập nhật khi quầy gọi số.').isVisible(), true);
  await h.screenshot(page, 'phieu-360');
  assert.deepEqual(page.problems, []);

  const missing = await h.newPage(browser, 360, 800);
  await missing.goto(server.url + '/phieu/khong-co');
  await missing.getByText(/^Không tìm thấy phiếu số thứ tự này\./).waitFor();
  /* an unknown ticket stops polling: the page must not claim it updates itself (issue 9) */
  assert.equal(await missing.getByText('Trang tự cập nhật khi quầy gọi số.').isVisible(), false);
  assert.equal(await missing.getByRole('button', { name: 'Cập nhật ngay' }).isVisible(), false);
  await h.screenshot(missing, 'phieu-khong-co-360');
  await page.context().close();
  await missing.context().close();
});

test('pages and static files: types, CSP, nosniff, gzip, ETag, versioned caching', async () => {
  for (const p of PAGES) {
    const r = await rawGet(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8', p);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
    const csp = r.headers['content-security-policy'] || '';
    assert.match(csp, /default-src 'self'/, p);
    assert.match(csp, /img-src 'self' data: blob:/, p);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, p);
    const html = r.body.toString('utf8');
    /* nothing a strict CSP would block: no inline script, no style attribute, no handlers */
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, p + ' inline script');
    assert.doesNotMatch(html, /\sstyle\s*=/i, p + ' style attribute');
    assert.doesNotMatch(html, /<style/i, p + ' style element');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, p + ' event handler attribute');
    assert.doesNotMatch(html, /https?:\/\//, p + ' no third-party resources');
  }

  const page = await rawGet('/dat-lich');
  const etag = page.headers.etag;
  assert.ok(etag);
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.equal((await rawGet('/dat-lich', { 'If-None-Match': etag })).status, 304);
  assert.equal((await rawGet('/dat-lich', { 'If-None-Match': '"stale"' })).status, 200);

  const gz = await rawGet('/dat-lich', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(gz.headers.vary || '', /Accept-Encoding/);
  assert.ok(gz.body.length < page.body.length);
  assert.deepEqual(zlib.gunzipSync(gz.body), page.body);
  assert.notEqual(gz.headers.etag, etag, 'each encoding has its own ETag');
  assert.equal((await rawGet('/dat-lich', { 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);

  const types = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml; charset=utf-8' };
  const assets = [...page.body.toString('utf8').matchAll(/"(\/static\/[^"?]+)\?v=([0-9a-f]+)"/g)];
  assert.ok(assets.length >= 4, 'pages point at versioned assets');
  for (const [, p, v] of assets) {
    const r = await rawGet(`${p}?v=${v}`, { 'Accept-Encoding': 'gzip' });
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], types[p.split('.').pop()], p);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', p);
    const stale = await rawGet(`${p}?v=0000`);
    assert.equal(stale.headers['cache-control'], 'no-cache', p + ' with an old version');
  }
  const head = await rawGet('/static/site.css', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);

  for (const p of ['/static/../CMakeLists.txt', '/static/..%2f..%2fCMakeLists.txt',
                   '/static/%2e%2e/%2e%2e/etc/passwd', '/static/dat-lich.html', '/static/',
                   '/static/nope.js', '/phieu/..%2f..%2fetc',
                   '/phieu/a%20b', '/assets/web/site.css', '/../../etc/passwd']) {
    const r = await rawGet(p);
    assert.ok(r.status === 404 || r.status === 400, `${p} -> ${r.status}`);
    assert.doesNotMatch(r.body.toString(), /cmake_minimum_required|root:x:/, p);
  }
  /* a page's .html name is a variant of its address: redirected there, never a file read */
  const html = await rawGet('/dat-lich.html');
  assert.equal(html.status, 308);
  assert.equal(html.headers.location, '/dat-lich');
  /* a NUL in the name never reaches past the list of known files */
  const nul = await rawGet('/static/site.css%00/../../../CMakeLists.txt');
  assert.ok([400, 404].includes(nul.status) || nul.body.equals((await rawGet('/static/site.css')).body),
            'NUL: ' + nul.status);
});

test('page weight: HTML + CSS + JS of each page under 100 KB', async () => {
  const weights = {};
  for (const p of PAGES) {
    const html = (await rawGet(p)).body;
    let total = html.length;
    const parts = { html: html.length };
    for (const [, ref] of html.toString('utf8').matchAll(/(?:src|href)="(\/static\/[^"]+\.(?:css|js)(?:\?v=[0-9a-f]+)?)"/g)) {
      const r = await rawGet(ref);
      assert.equal(r.status, 200, ref);
      parts[ref.replace(/\?.*/, '')] = r.body.length;
      total += r.body.length;
    }
    weights[p] = { total, parts };
    assert.ok(total < WEIGHT_LIMIT, `${p} weighs ${total} bytes`);
  }
  fs.mkdirSync(h.ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(h.ARTIFACTS, 'page-weight.json'), JSON.stringify(weights, null, 2));
  console.log('page weight (bytes, uncompressed):', Object.entries(weights).map(([p, w]) => `${p} ${w.total}`).join(', '));
});

test('phones: every visible text at least 16 px, nothing wider than 360 px', async () => {
  const page = await h.newPage(browser, 360, 800);
  for (const p of ['/', '/dat-lich', '/tra-cuu', '/thong-bao', '/dang-nhap']) {
    await page.goto(server.url + p);
    if (p === '/dat-lich') {
      await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
      await page.getByRole('radio', { name: 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC' }).check();
      await page.locator('#day-list input').first().check();   /* the /phieu test moved the clock */
      await page.locator('#slot-list input').first().waitFor({ state: 'attached' });
    }
    if (p === '/thong-bao') await page.locator('.notice-item').first().waitFor();
    const small = await page.evaluate(() => {
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el.getClientRects().length) continue;
        if (el.closest('.skip')) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 16) out.push(`${el.tagName}.${el.className}: ${size}px "${n.textContent.trim().slice(0, 30)}"`);
      }
      /* controls that show text (radios and check boxes show none) */
      for (const el of document.querySelectorAll('input:not([type=radio]):not([type=checkbox]), select, button')) {
        if (el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 16) out.push(el.id + ' control');
      }
      return out;
    });
    assert.deepEqual(small, [], p);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${p} scrolls sideways: ${width}px`);
  }
  await page.context().close();
});

test('axe-core: no serious or critical accessibility violations (WCAG 2 A/AA)', async () => {
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  /* bypassCSP only so the audit script can be injected; the pages themselves are unchanged */
  const page = await h.newPage(browser, 360, 800, { bypassCSP: true });
  const audit = async (label) => {
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(bad, [], label);
  };
  for (const p of ['/', '/tra-cuu', '/thong-bao', '/khong-co-trang-nay', '/dang-nhap']) {
    await page.goto(server.url + p);
    if (p === '/thong-bao') await page.locator('.notice-item').first().waitFor();
    await audit(p);
  }
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC' }).check();
  await page.locator('#day-list input').first().check();
  await page.locator('#slot-list input').first().waitFor({ state: 'attached' });
  await audit('/dat-lich filled');
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.locator('#form-error').waitFor();
  await audit('/dat-lich with errors');
  await page.context().close();
});
