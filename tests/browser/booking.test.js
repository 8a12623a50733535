/* /dat-lich end to end: the happy path with its three steps, the validation messages, and
 * a double-clicked / retried confirm that books once. */
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

/* Fills the whole form through the UI, as a citizen would. */
async function fillForm(page, { name, cccd, phone, field = 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC', day = 'Thứ 6, 26/9/2025', slot = '07:30 - 09:30' }) {
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel(/Số căn cước công dân/).fill(cccd);
  if (phone) await page.getByLabel(/Số điện thoại/).fill(phone);
  await page.getByPlaceholder('Tìm kiếm').fill('pho yen');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: field }).check();
  await page.getByRole('radio', { name: day }).check();
  await page.getByRole('radio', { name: new RegExp('^' + slot) }).check();
  await page.getByLabel(/Tôi đồng ý/).check();
}

test('happy path: fill, search "pho yen", field, day, slot, consent, confirm, success', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();

  /* diacritics-insensitive search leaves only Phường Phổ Yên */
  const allUnits = await page.locator('#unit-list .choice:visible').count();
  assert.ok(allUnits >= 5, 'all demo units listed, got ' + allUnits);
  await page.getByPlaceholder('Tìm kiếm').fill('pho yen');
  assert.equal(await page.locator('#unit-list .choice:visible').count(), 1);
  assert.match(await page.locator('#unit-list .choice:visible').innerText(), /Phường Phổ Yên/);
  await h.screenshot(page, 'dat-lich-360-empty', { fullPage: false });

  /* the field list appears only after a unit is chosen */
  assert.equal(await page.locator('#field-group').isVisible(), false);
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC' }).waitFor();

  /* the bookable days of common/calendar.h's example, labelled "T6 26 9/2025" */
  const days = await page.locator('#day-list input').evaluateAll((ns) => ns.map((n) => n.value));
  assert.deepEqual(days, ['2025-09-26', '2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06']);
  assert.equal((await page.locator('#day-list .choice').first().innerText()).replace(/\s+/g, ' '), 'T6 26 9/2025');

  await fillForm(page, { name: 'Nguyễn Văn An', cccd: '123456232324', phone: '0987654321' });
  /* the chosen field is marked */
  const marks = await page.locator('#field-list .choice span').evaluateAll((ns) =>
    ns.map((n) => n.textContent + ':' + getComputedStyle(n, '::after').content));
  assert.deepEqual(marks.filter((m) => /Đã chọn/.test(m)), ['Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC:"✓ Đã chọn"']);
  assert.equal(await page.locator('#slot-list input').count(), 3);
  await h.screenshot(page, 'dat-lich-360');

  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  const confirm = page.locator('#step-confirm');
  await confirm.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  const summary = await page.locator('#confirm-summary').innerText();
  for (const s of ['Nguyễn Văn An', '123456232324', 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC', 'Thứ 6, 26/9/2025', '07:30 - 09:30'])
    assert.ok(summary.includes(s), `confirm shows ${s}: ${summary}`);
  await h.screenshot(page, 'dat-lich-confirm-360');

  /* "← Quay lại" keeps every value */
  await page.getByRole('button', { name: '← Quay lại' }).click();
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Nguyễn Văn An');
  assert.equal(await page.getByLabel(/Số căn cước công dân/).inputValue(), '123456232324');
  assert.equal(await page.getByLabel(/Số điện thoại/).inputValue(), '0987654321');
  assert.equal(await page.getByRole('radio', { name: /^07:30 - 09:30/ }).isChecked(), true);
  assert.equal(await page.getByLabel(/Tôi đồng ý/).isChecked(), true);
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  /* the browser's Back button also returns to the form, values kept */
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Đặt lịch thực hiện dịch vụ công' }).waitFor();
  assert.equal(page.url(), server.url + '/dat-lich');
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Nguyễn Văn An');
  assert.equal(await page.getByRole('radio', { name: /^07:30 - 09:30/ }).isChecked(), true);
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();

  const before = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-26', 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc', '0730-0930');
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  const code = (await page.locator('#booking-code').innerText()).trim();
  assert.match(code, /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
  const success = await page.locator('#step-success').innerText();
  for (const s of ['Nguyễn Văn An', '123456232324', 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC', 'Mã đặt chỗ',
                   'Thời gian check-in: từ 07:00 đến 09:30 ngày 26/9/2025'])
    assert.ok(success.includes(s), `success shows ${s}`);
  /* the ticket image (with the QR) really loaded */
  await page.waitForFunction(() => document.getElementById('ticket-img').complete &&
                                    document.getElementById('ticket-img').naturalWidth > 0);
  await h.screenshot(page, 'dat-lich-success-360');

  /* the server has it, with the seat taken */
  const b = await h.api(server, 'GET', `/bookings/${code}?cccd=123456232324`);
  assert.equal(b.status, 200);
  assert.equal(b.body.status, 'booked');
  assert.equal(b.body.phone, '0987654321');
  const afterInfo = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-26', 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc', '0730-0930');
  assert.equal(afterInfo.remaining, before.remaining - 1);

  /* "Lưu mã đăng ký" downloads a PNG whose QR is the code */
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Lưu mã đăng ký' }).click()]);
  const file = path.join(h.ARTIFACTS, 'download-' + code + '.png');
  await download.saveAs(file);
  assert.ok(h.isPng(fs.readFileSync(file)), 'downloaded file is a PNG');
  assert.equal(h.zbarDecode(file), code);

  /* "Đăng ký mới" starts over with an empty form */
  await page.getByRole('button', { name: 'Đăng ký mới' }).click();
  await page.getByRole('heading', { name: 'Đặt lịch thực hiện dịch vụ công' }).waitFor();
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('desktop 1280 px layout', async () => {
  const page = await h.newPage(browser, 1280, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  await h.screenshot(page, 'dat-lich-1280-empty', { fullPage: false });
  await fillForm(page, { name: 'Lê Thị Hoa', cccd: h.freshCccd(), field: 'Lĩnh vực Tư pháp - Hộ tịch', day: 'Thứ 2, 29/9/2025', slot: '09:30 - 11:00' });
  await h.screenshot(page, 'dat-lich-1280');
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  await h.screenshot(page, 'dat-lich-confirm-1280');
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  assert.ok((await page.locator('#checkin-line').innerText()).includes('từ 09:00 đến 11:00 ngày 29/9/2025'));
  await page.waitForFunction(() => document.getElementById('ticket-img').naturalWidth > 0);
  await h.screenshot(page, 'dat-lich-success-1280');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('missing fields: "Vui lòng điền đầy đủ thông tin" and each one marked aria-invalid', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posts++; });

  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await assertAlert(page, 'Vui lòng điền đầy đủ thông tin');
  for (const id of ['name', 'cccd', 'unit-group', 'consent'])
    assert.equal(await page.locator('#' + id).getAttribute('aria-invalid'), 'true', id + ' marked');
  assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), null, 'phone is optional');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'focus on the first missing field');
  await h.screenshot(page, 'dat-lich-missing-360', { fullPage: false });

  /* with a unit but no field/day/slot, those are the ones marked */
  await page.getByLabel('Họ và tên').fill('Phạm Minh Đức');
  await page.getByLabel(/Số căn cước công dân/).fill(h.freshCccd());
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: 'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC' }).waitFor();
  await page.getByLabel(/Tôi đồng ý/).check();
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await assertAlert(page, 'Vui lòng điền đầy đủ thông tin');
  for (const id of ['field-group', 'day-group'])
    assert.equal(await page.locator('#' + id).getAttribute('aria-invalid'), 'true', id + ' marked');
  for (const id of ['name', 'cccd', 'unit-group', 'consent'])
    assert.equal(await page.locator('#' + id).getAttribute('aria-invalid'), null, id + ' no longer marked');
  assert.equal(await page.locator('#step-confirm').isVisible(), false);
  assert.equal(posts, 0, 'nothing sent');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

async function assertAlert(page, text) {
  const alert = page.locator('#form-error');
  await alert.waitFor();
  assert.equal((await alert.innerText()).trim(), text);
}

test('bad CCCD and bad phone get their own messages before anything is sent', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  let posts = 0;
  page.on('request', (r) => { if (r.method() === 'POST') posts++; });
  await fillForm(page, { name: 'Võ Thị Sáu', cccd: '12345', phone: '1987654321' });
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.locator('#cccd-error').waitFor();
  assert.equal(await page.locator('#cccd-error').innerText(), 'Số căn cước công dân phải gồm đúng 12 chữ số.');
  assert.equal(await page.locator('#cccd').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#phone-error').innerText(),
               'Số điện thoại phải bắt đầu bằng 0 và có 10 chữ số (ví dụ: 0987654321).');
  assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#form-error').isVisible(), false, 'nothing is missing');
  await h.screenshot(page, 'dat-lich-invalid-360', { fullPage: false });

  /* a letter, 11 digits, full-width digits in the CCCD; no leading 0, 9 digits, +84 and 10
   * digits, an underscore in the phone */
  for (const bad of ['12345623232a', '12345623232', '１２３４５６２３２３２４']) {
    await page.getByLabel(/Số căn cước công dân/).fill(bad);
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    assert.equal(await page.locator('#cccd').getAttribute('aria-invalid'), 'true', bad);
  }
  await page.getByLabel(/Số căn cước công dân/).fill('123456232324');
  for (const bad of ['1987654321', '098765432', '+840987654321', '0987_654_321']) {
    await page.getByLabel(/Số điện thoại/).fill(bad);
    await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), 'true', bad);
  }
  assert.equal(await page.locator('#step-confirm').isVisible(), false);
  assert.equal(posts, 0, 'nothing sent');

  /* the procedure's own example CCCD and a mobile number pass */
  await page.getByLabel(/Số điện thoại/).fill('0912345678');
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('double-click and a lost answer on confirm still book exactly once', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  const cccd = h.freshCccd();
  await fillForm(page, { name: 'Đặng Văn Lâm', cccd, field: 'CN Văn phòng đăng ký đất đai', day: 'Thứ 3, 30/9/2025', slot: '14:00 - 16:00' });
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  const before = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-30', 'cn-van-phong-dang-ky-dat-dai', '1400-1600');

  /* The first POST reaches the server (which books) but its answer is lost: the page must retry
   * with the same Idempotency-Key and get that booking back, not a second one. */
  const keys = [];
  await page.route('**/api/v1/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).dblclick();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  assert.ok(keys.length >= 2, 'the lost answer was retried');
  assert.ok(keys[0] && keys[0].length >= 16, 'an Idempotency-Key is sent');
  assert.ok(keys.every((k) => k === keys[0]), 'every retry reuses the key: ' + keys.join(' '));
  const afterInfo = await h.slotInfo(server, 'phuong-pho-yen', '2025-09-30', 'cn-van-phong-dang-ky-dat-dai', '1400-1600');
  assert.equal(afterInfo.remaining, before.remaining - 1, 'one seat taken, not two');
  const code = (await page.locator('#booking-code').innerText()).trim();
  const b = await h.api(server, 'GET', `/bookings/${code}?cccd=${cccd}`);
  assert.equal(b.status, 200);
  assert.equal(b.body.slot.id, '1400-1600');
  await page.context().close();
});

test('keyboard only: the whole booking without a mouse', async () => {
  const page = await h.newPage(browser, 1280, 800, { isMobile: false, hasTouch: false });
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    return a.id || (a.name ? a.name + '=' + a.value : a.tagName);
  });
  /* from the top of the page: skip link, brand, 4 menu links, then the form */
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'A', 'skip link first');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 10 && (await focused()) !== 'name'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'name');
  await page.keyboard.type('Trịnh Công Sơn');
  await page.keyboard.press('Tab');
  await page.keyboard.type(h.freshCccd());
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'phone');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'unit-q');
  await page.keyboard.type('bac kan');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'unit=phuong-bac-kan');
  await page.keyboard.press('Space');
  await page.locator('#field-list input').first().waitFor({ state: 'attached' });
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'field=chung-thuc');   /* Bắc Kạn's own fields */
  await page.keyboard.press('ArrowDown');   /* arrows move within a radio group and choose */
  assert.equal(await focused(), 'field=ho-tich');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'date=2025-09-26');
  await page.keyboard.press('Space');
  await page.locator('#slot-list input').first().waitFor({ state: 'attached' });
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'slot=0730-0930');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'consent');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'submit');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
  assert.equal(await focused(), 'confirm-title', 'focus moves to the confirm step');
  assert.match(await page.locator('#confirm-summary').innerText(), /Hộ tịch/);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'confirm-button');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  assert.match(await page.locator('#step-success').innerText(), /Phường Bắc Kạn/);
  await page.context().close();
});
