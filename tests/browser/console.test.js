/* /dang-nhap and /quay: staff sign in, pick a counter, call the ticket a kiosk issued, see
 * the waiting list update live from the event stream, and finish with a keyboard shortcut. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const FIELD = 'linh-vuc-tu-phap-ho-tich';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let server, browser;
before(async () => {
  /* Fri 26/9/2025 08:00: a working day inside the opening hours */
  server = await h.startServer({ clock: '2025-09-26T08:00:00+07:00', extraArgs: ['--seed-demo'] });
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function walkIn() {
  for (let i = 0; i < 50 && !server.kioskToken; i++) await sleep(100);
  const r = await h.api(server, 'POST', '/kiosk/tickets', { field: FIELD },
    { Authorization: 'Bearer ' + server.kioskToken });
  assert.equal(r.status, 201, r.text);
  return r.body.ticket;
}

test('staff sign in, call the kiosk ticket, the list follows the stream', async () => {
  const login = /staff login: (\S+) (\S+)/.exec(server.stdout);
  assert.ok(login, 'the demo prints the staff login');
  const first = await walkIn();

  const page = await h.newPage(browser, 1280, 900);
  await page.goto(server.url + '/');
  await page.getByRole('navigation').getByRole('link', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/dang-nhap$/);
  /* a wrong password: the same message as an unknown user, and no way in */
  await page.getByLabel(/Tên đăng nhập/).fill(login[1]);
  await page.getByLabel(/Mật khẩu/).fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#login-error').waitFor();
  assert.match(await page.locator('#login-error').innerText(), /Tên đăng nhập hoặc mật khẩu không đúng/);
  await page.getByLabel(/Mật khẩu/).fill(login[2]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/quay$/);

  await page.getByLabel('Quầy').selectOption({ label: 'Quầy 2' });
  await page.locator(`#waiting-lists li[data-ticket="${first.id}"]`).waitFor();
  await page.getByRole('button', { name: /Gọi số tiếp theo/ }).click();
  await page.waitForFunction((n) => document.getElementById('current-number').textContent === n, first.number);
  assert.match(await page.locator('#current-details').innerText(), /Lĩnh vực Tư pháp - Hộ tịch/);

  /* a second ticket from the kiosk shows up without a reload (the event stream) */
  const second = await walkIn();
  await page.locator(`#waiting-lists li[data-ticket="${second.id}"]`).waitFor({ timeout: 3000 });

  /* H: done, from the keyboard */
  await page.keyboard.press('h');
  await page.waitForFunction(() => document.getElementById('current-number').textContent === '—');
  const status = await h.api(server, 'GET', '/tickets/' + first.id + '/status');
  assert.equal(status.body.state, 'done');

  /* sign out: the console sends back to the sign-in page */
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/dang-nhap$/);
  await page.goto(server.url + '/quay');
  await page.waitForURL(/\/dang-nhap\?next=\/quay$/);
  await page.close();
});
