/* /tra-cuu: look up by code + CCCD, download the ticket again (a PNG whose QR is the code),
 * cancel with a confirmation, and the seat comes back. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

let server, browser;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('look up, re-download the PNG, cancel, and the seat is freed', async () => {
  const cccd = h.freshCccd();
  const made = await h.book(server, { name: 'Ngô Thị Lan', cccd, field: 'linh-vuc-tu-phap-ho-tich', date: '2025-09-29', slot: '0930-1100' });
  assert.equal(made.status, 201, made.text);
  const code = made.body.code;
  const seats = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-29', 'linh-vuc-tu-phap-ho-tich', '0930-1100');

  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/tra-cuu');
  /* wrong CCCD: the same "not found" as a wrong code */
  await page.getByLabel(/Mã đặt chỗ/).fill(code.toLowerCase());
  await page.getByLabel(/Số căn cước công dân/).fill('123456232324');
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.locator('#lookup-error').waitFor();
  assert.match(await page.locator('#lookup-error').innerText(), /Không tìm thấy lịch hẹn/);
  assert.equal(await page.locator('#result').isVisible(), false);

  /* lower-case code is fine (codes are case-insensitive) */
  await page.getByLabel(/Số căn cước công dân/).fill(cccd);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  await page.locator('#result').waitFor();
  assert.equal(await page.locator('#result-code').innerText(), code);
  const text = await page.locator('#result').innerText();
  for (const s of ['Đã đặt lịch', 'Ngô Thị Lan', cccd, 'Phường Phổ Yên', 'Lĩnh vực Tư pháp - Hộ tịch', 'Thứ 2, 29/9/2025',
                   '09:30 - 11:00', 'Thời gian check-in: từ 09:00 đến 11:00 ngày 29/9/2025'])
    assert.ok(text.includes(s), 'lookup shows ' + s);
  await h.screenshot(page, 'tra-cuu-360');

  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: /Tải phiếu hẹn/ }).click()]);
  const file = path.join(h.ARTIFACTS, 'tra-cuu-' + code + '.png');
  await download.saveAs(file);
  assert.ok(h.isPng(fs.readFileSync(file)));
  assert.equal(h.zbarDecode(file), code);

  /* cancel asks first; "Không" keeps the booking */
  await page.getByRole('button', { name: 'Hủy lịch hẹn' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await h.screenshot(page, 'tra-cuu-cancel-360', { fullPage: false });
  await dialog.getByRole('button', { name: /Không/ }).click();
  assert.equal((await h.api(server, 'GET', `/bookings/${code}?cccd=${cccd}`)).body.status, 'booked');

  await page.getByRole('button', { name: 'Hủy lịch hẹn' }).click();
  await dialog.getByRole('button', { name: 'Hủy lịch hẹn' }).click();
  await page.locator('#result-message').waitFor();
  assert.match(await page.locator('#result-message').innerText(), /Đã hủy lịch hẹn/);
  assert.match(await page.locator('#result-summary').innerText(), /Đã hủy/);
  assert.equal(await page.getByRole('button', { name: 'Hủy lịch hẹn' }).isVisible(), false);
  assert.equal(await page.getByRole('link', { name: /Tải phiếu hẹn/ }).isVisible(), false);
  await h.screenshot(page, 'tra-cuu-cancelled-360');

  const after = await h.api(server, 'GET', `/bookings/${code}?cccd=${cccd}`);
  assert.equal(after.body.status, 'cancelled');
  const freed = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-29', 'linh-vuc-tu-phap-ho-tich', '0930-1100');
  assert.equal(freed.remaining, seats.remaining + 1, 'the seat is free again');
  assert.deepEqual(page.problems.filter((p) => !/404/.test(p)), []);
  await page.context().close();
});

test('ticket.png answers only to its owner', async () => {
  const cccd = h.freshCccd();
  const made = await h.book(server, { cccd, date: '2025-09-30' });
  assert.equal(made.status, 201, made.text);
  const code = made.body.code;
  const ok = await fetch(`${server.url}/api/v1/bookings/${code.toLowerCase()}/ticket.png?cccd=${cccd}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('content-type'), 'image/png');
  assert.match(ok.headers.get('cache-control'), /no-store/);
  assert.ok(h.isPng(Buffer.from(await ok.arrayBuffer())));
  const wrongCccd = await fetch(`${server.url}/api/v1/bookings/${code}/ticket.png?cccd=123456232324`);
  const wrongCode = await fetch(`${server.url}/api/v1/bookings/${code === 'ZZZZ' ? 'YYYY' : 'ZZZZ'}/ticket.png?cccd=${cccd}`);
  assert.equal(wrongCccd.status, 404);
  assert.equal(wrongCode.status, 404);
  assert.deepEqual(await wrongCccd.json(), await wrongCode.json(), 'alike');
  const noCccd = await fetch(`${server.url}/api/v1/bookings/${code}/ticket.png`);
  assert.equal(noCccd.status, 400);
  assert.equal((await noCccd.json()).error.field, 'cccd');
});

test('after 10 wrong look-ups the code is locked, and the page says why and what to do', async () => {
  /* the look-up guard is on whenever rate limits are (off in plain --dev) */
  const guarded = await h.startServer({ extraArgs: ['--rate-limit', '100000'] });
  try {
    const cccd = h.freshCccd();
    const made = await h.book(guarded, { name: 'Đinh Văn Hùng', cccd, field: 'linh-vuc-tu-phap-ho-tich', date: '2025-09-29', slot: '0930-1100' });
    assert.equal(made.status, 201, made.text);
    const code = made.body.code;
    for (let i = 0; i < 10; i++) {
      const guess = '0799' + String(100000000 + i).slice(1);
      const r = await fetch(`${guarded.url}/api/v1/bookings/${code}?cccd=${guess}`);
      assert.equal(r.status, 404);
    }
    const page = await h.newPage(browser, 360, 800);
    await page.goto(guarded.url + '/tra-cuu');
    await page.getByLabel(/Mã đặt chỗ/).fill(code);
    await page.getByLabel(/Số căn cước công dân/).fill(cccd);  /* the right pair, now locked */
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.locator('#lookup-error').waitFor();
    const message = await page.locator('#lookup-error').innerText();
    assert.match(message, /Tạm khóa tra cứu/);
    assert.match(message, /vẫn lấy số được tại kiosk/);
    assert.equal(await page.locator('#result').isVisible(), false);
    await h.screenshot(page, 'tra-cuu-locked-360');
    /* the browser reports the 429 itself; nothing else may go wrong */
    assert.deepEqual(page.problems.filter((p) => !/status of 429/.test(p)), []);
    await page.context().close();
  } finally {
    await guarded.stop();
  }
});
