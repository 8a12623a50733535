/* /quan-tri/thong-ke: an admin sees a unit's statistics after two scripted days at Phường Phổ
 * Yên (bookings, check-ins, walk-ins, calls and dones through the real API on the dev clock):
 * the figures the API gives, a bar per day of the range in the page's own inline SVG, the
 * wait/service and busiest-slot charts, the field picker, and the CSV download with its BOM. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./lib/harness');

const UNIT = 'phuong-pho-yen';
const FIELD_A = 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc';
const FIELD_B = 'linh-vuc-tu-phap-ho-tich';
const COUNTER = UNIT + '-quay-7'; /* the demo's counter serving every field */
const RANGE = 'from=2025-09-22&to=2025-09-30'; /* Mon 22/9 to Tue 30/9: 9 days */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let server, browser;

before(async () => {
  server = await h.startServer({ extraArgs: ['--seed-demo'] }); /* Thu 25/9/2025 10:00 */
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function clock(now) {
  const r = await h.api(server, 'POST', '/dev/clock', { now });
  assert.equal(r.status, 200, r.text);
}

async function login(which) {
  const m = new RegExp(which + ' login: (\\S+) (\\S+)').exec(server.stdout);
  assert.ok(m, 'the demo prints the ' + which + ' login');
  const r = await h.api(server, 'POST', '/auth/login', { username: m[1], password: m[2] });
  assert.equal(r.status, 200, r.text);
  return { cookie: r.headers.get('set-cookie').split(';')[0], username: m[1], password: m[2] };
}

async function kiosk(path, body) {
  for (let i = 0; i < 50 && !server.kioskToken; i++) await sleep(100);
  const r = await h.api(server, 'POST', '/kiosk' + path, body, { Authorization: 'Bearer ' + server.kioskToken });
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

async function counter(action) {
  const staff = await login('staff');
  const r = await h.api(server, 'POST', `/counters/${COUNTER}/${action}`, undefined, { Cookie: staff.cookie });
  assert.equal(r.status, 200, r.text);
}

/* Fri 26/9: 3 bookings (one never comes), 2 check-ins, 2 walk-ins, 4 calls; Mon 29/9: 1
 * booking checked in and called, 1 walk-in left waiting. Tickets: 4 on Friday, 2 on Monday. */
async function scriptDays() {
  const codes = [];
  for (const [field, date, slot] of [[FIELD_A, '2025-09-26', '0730-0930'], [FIELD_B, '2025-09-26', '0730-0930'],
    [FIELD_A, '2025-09-26', '1400-1600'], [FIELD_B, '2025-09-29', '0730-0930']]) {
    const r = await h.book(server, { field, date, slot });
    assert.equal(r.status, 201, r.text);
    codes.push(r.body.code);
  }
  await clock('2025-09-26T07:35:00+07:00');
  await kiosk('/checkin', { input: codes[0] });
  await kiosk('/checkin', { input: codes[1] });
  await kiosk('/tickets', { field: FIELD_A });
  await kiosk('/tickets', { field: FIELD_B });
  await clock('2025-09-26T07:50:00+07:00');
  await counter('next');
  await clock('2025-09-26T07:58:00+07:00');
  await counter('next');
  await clock('2025-09-26T08:10:00+07:00');
  await counter('next');
  await clock('2025-09-26T08:30:00+07:00');
  await counter('next');
  await counter('done');
  await clock('2025-09-29T07:40:00+07:00');
  await kiosk('/checkin', { input: codes[3] });
  await kiosk('/tickets', { field: FIELD_A });
  await clock('2025-09-29T07:45:00+07:00');
  await counter('next');
}

test('an admin sees the charts, picks a field and downloads the CSV', async () => {
  await scriptDays();
  const admin = await login('admin');
  const api = await h.api(server, 'GET', `/admin/units/${UNIT}/stats?${RANGE}`, undefined, { Cookie: admin.cookie });
  assert.equal(api.status, 200, api.text);
  assert.equal(api.body.totals.tickets, 6);
  assert.equal(api.body.totals.walk_ins, 3);
  assert.equal(api.body.totals.bookings, 4);
  assert.equal(api.body.totals.checked_in, 3);

  const page = await h.newPage(browser, 1280, 900);
  const signIn = await page.context().request.post(server.url + '/api/v1/auth/login',
    { data: { username: admin.username, password: admin.password } });
  assert.equal(signIn.status(), 200);
  await page.goto(`${server.url}/quan-tri/thong-ke?unit=${UNIT}&${RANGE}`);
  const bars = page.locator('#chart-days svg rect.bar');
  await bars.first().waitFor({ state: 'attached' });
  assert.equal(await bars.count(), 9, 'a bar per day of the range');
  const values = await bars.evaluateAll((rs) => rs.map((r) => [r.dataset.label, Number(r.dataset.value)]));
  assert.deepEqual(values, [['22/9', 0], ['23/9', 0], ['24/9', 0], ['25/9', 0], ['26/9', 4], ['27/9', 0],
    ['28/9', 0], ['29/9', 2], ['30/9', 0]]);
  /* a taller bar for the busier day */
  const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  assert.ok(heights[4] > heights[7] && heights[7] > 0 && heights[0] === 0, heights.join(','));
  assert.equal(await page.locator('#totals dd[data-field="tickets"]').innerText(), '6');
  assert.equal(await page.locator('#totals dd[data-field="expired"]').innerText(), '0');
  assert.equal(await page.locator('#chart-times svg rect.bar').count(), 4);
  const slots = await page.locator('#chart-slots svg rect.bar').evaluateAll((rs) =>
    rs.map((r) => [r.dataset.label, Number(r.dataset.value)]));
  assert.deepEqual(slots, [['07:30 - 09:30', 3], ['14:00 - 16:00', 1], ['09:30 - 11:00', 0]]);
  assert.equal(await page.locator('#counters-table tbody tr').count(), api.body.counters.length);
  await h.screenshot(page, 'thong-ke-1280');

  /* the CSV the link gives: BOM, Vietnamese header, a row per day and the total */
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV' }).click()]);
  const csv = fs.readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).split('\r\n');
  assert.match(lines[0], /^Ngày,Lượt đặt lịch,Đã lấy số,/);
  assert.equal(lines.length, 1 + 9 + 1 + 1);
  assert.match(lines[5], /^2025-09-26,3,2,0,0,4,2,/);
  assert.match(lines[10], /^Tổng,4,3,0,0,6,3,/);

  /* one field: Hộ tịch had 2 tickets on Friday and its Monday booking */
  await page.getByLabel('Lĩnh vực', { exact: true }).selectOption(FIELD_B);
  await page.getByRole('button', { name: 'Xem thống kê' }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('field') !== null);
  await page.waitForFunction(() => document.querySelector('#totals dd[data-field="tickets"]').textContent === '3');
  const fieldValues = await bars.evaluateAll((rs) => rs.map((r) => Number(r.dataset.value)));
  assert.deepEqual(fieldValues, [0, 0, 0, 0, 2, 0, 0, 1, 0]);
  assert.match(await page.locator('#csv-link').getAttribute('href'), new RegExp('field=' + FIELD_B + '&format=csv'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a phone-sized page: no sideways scroll, no serious accessibility violation', async () => {
  const admin = await login('admin');
  /* bypassCSP only so the audit script can be injected; the page itself is unchanged */
  const page = await h.newPage(browser, 360, 800, { bypassCSP: true });
  await page.context().request.post(server.url + '/api/v1/auth/login',
    { data: { username: admin.username, password: admin.password } });
  await page.goto(`${server.url}/quan-tri/thong-ke?unit=${UNIT}&${RANGE}`);
  await page.locator('#chart-days svg rect.bar').first().waitFor({ state: 'attached' });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page scrolls sideways: ${width}px`);
  await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, []);
  await h.screenshot(page, 'thong-ke-360');
  await page.context().close();
});

test('no session: the page sends to the sign-in page, which comes back here', async () => {
  const admin = await login('admin');
  const page = await h.newPage(browser, 1280, 900);
  await page.goto(server.url + '/quan-tri/thong-ke');
  await page.waitForURL(/\/dang-nhap\?next=\/quan-tri\/thong-ke$/);
  await page.getByLabel(/Tên đăng nhập/).fill(admin.username);
  await page.getByLabel(/Mật khẩu/).fill(admin.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/quan-tri\/thong-ke\?/);
  await page.locator('#chart-days svg rect.bar').first().waitFor({ state: 'attached' });
  await page.context().close();
});
