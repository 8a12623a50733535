/* /quan-tri: the demo's admin signs in on /dang-nhap and lands on /quan-tri; creates a field and
 * a slot template, publishes a notice (then /thong-bao shows it), and lowers a capacity that is
 * in use: the 409 is shown with its count, and only the confirmation applies it, listing the
 * bookings to call; the audit log shows the changes. A kiosk is issued and revoked. The
 * province's calendar: a year's computed days off, a swap entered (a bad one refused in
 * Vietnamese) and the list computed again. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./lib/harness');

const UNIT = 'phuong-pho-yen';
const FIELD = 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc';
let server, browser;
before(async () => {
  server = await h.startServer({ extraArgs: ['--seed-demo'] });
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function signIn(page) {
  const login = /admin login: (\S+) (\S+)/.exec(server.stdout);
  assert.ok(login, 'the demo prints the admin login');
  await page.goto(server.url + '/dang-nhap');
  await page.getByLabel(/Tên đăng nhập/).fill(login[1]);
  await page.getByLabel(/Mật khẩu/).fill(login[2]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/quan-tri$/);
  await page.locator('#fields-body tr').first().waitFor();
}

test('create a field and a slot template, publish a notice', async () => {
  const page = await h.newPage(browser, 1280, 900);
  await signIn(page);
  assert.match(await page.locator('#who').innerText(), /Quản trị tỉnh/);

  await page.getByLabel(/Mã lĩnh vực/).fill('giao-thong');
  await page.getByLabel('Tên lĩnh vực').fill('Giao thông vận tải');
  await page.getByLabel('Chữ cái đầu số phiếu').fill('g');
  await page.getByLabel(/Dãy số không hẹn/).fill('1-499');
  await page.getByLabel(/Dãy số có hẹn/).fill('500-999');
  await page.getByRole('button', { name: 'Lưu lĩnh vực' }).click();
  await page.locator('#fields-body tr[data-field="giao-thong"]').waitFor();
  const unit = await h.api(server, 'GET', '/units/' + UNIT);
  assert.ok(unit.body.fields.some((f) => f.id === 'giao-thong' && f.prefix === 'G'), unit.text);
  assert.match(await page.locator('#fields-body tr[data-field="giao-thong"]').innerText(), /1-499\s+500-999/);

  await page.getByLabel('Mã khung giờ').fill('1600-1700');
  await page.getByLabel('Bắt đầu').fill('16:00');
  await page.getByLabel('Kết thúc').fill('17:00');
  await page.getByLabel('Số chỗ mỗi lĩnh vực').fill('4');
  await page.getByLabel('Thứ 2', { exact: true }).check();
  await page.getByRole('button', { name: 'Lưu khung giờ' }).click();
  await page.locator('#slots-body tr[data-slot="1600-1700"]').waitFor();
  /* offered on Monday 29/9 at once, not on Friday 26/9 */
  const mon = await h.slotInfo(server, UNIT, '2025-09-29', 'giao-thong', '1600-1700');
  assert.equal(mon.capacity, 4);
  assert.equal(await h.slotInfo(server, UNIT, '2025-09-26', 'giao-thong', '1600-1700'), undefined);

  await page.getByLabel('Tiêu đề').fill('Nghỉ chiều thứ Sáu 3/10');
  await page.getByLabel('Nội dung').fill('Bộ phận một cửa nghỉ họp chiều thứ Sáu.');
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  const item = page.locator('#notices-list article', { hasText: 'Nghỉ chiều thứ Sáu 3/10' });
  await item.getByRole('button', { name: 'Đăng thông báo' }).click();
  await item.getByText('Đang hiển thị').waitFor();
  /* every change is in the audit log, searchable on the page */
  await page.getByLabel('Tìm trong nhật ký').fill('notice');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.locator('#audit-body tr', { hasText: 'notice.publish' }).waitFor();
  assert.equal(await page.locator('#audit-body tr', { hasText: 'field.create' }).count(), 0);
  await h.screenshot(page, 'quan-tri-1280', { fullPage: true });

  const pub = await browser.newPage();
  await pub.goto(server.url + '/thong-bao');
  await pub.getByText('Nghỉ chiều thứ Sáu 3/10').waitFor();
  await pub.close();
  await page.close();
});

test('issue a kiosk (its token works once shown) and revoke it', async () => {
  const page = await h.newPage(browser, 1280, 900);
  await signIn(page);
  await page.getByLabel('Mã ki-ốt').fill('kiosk-sanh-b');
  await page.getByLabel('Tên ki-ốt').fill('Ki-ốt sảnh B');
  await page.getByRole('button', { name: 'Thêm ki-ốt' }).click();
  await page.locator('#kiosk-token-box').waitFor();
  const token = (await page.locator('#kiosk-token').innerText()).trim();
  assert.equal(token.length, 43);
  /* the QR the kiosk's set-up scans holds the token */
  const qr = await page.locator('#kiosk-token-qr').getAttribute('src');
  const file = require('node:path').join(require('node:os').tmpdir(), 'layso-kiosk-qr-' + process.pid + '.png');
  require('node:fs').writeFileSync(file, Buffer.from(qr.replace(/^data:image\/png;base64,/, ''), 'base64'));
  assert.equal(h.zbarDecode(file), token);
  const me = await h.api(server, 'GET', '/kiosk/me', undefined, { Authorization: 'Bearer ' + token });
  assert.equal(me.status, 200, me.text);
  const row = page.locator('#kiosks-body tr[data-kiosk="kiosk-sanh-b"]');
  await row.getByRole('button', { name: 'Thu hồi' }).click();
  await row.getByText('Đã thu hồi').waitFor();
  assert.equal(await page.locator('#kiosk-token-box').isHidden(), true);
  const after = await h.api(server, 'GET', '/kiosk/me', undefined, { Authorization: 'Bearer ' + token });
  assert.equal(after.status, 401, after.text);

  /* a staff account made on the page is listed at once */
  await page.getByLabel('Tên đăng nhập mới').fill('canbo.moi');
  await page.getByLabel('Họ tên cán bộ').fill('Lê Văn Cường');
  await page.getByLabel(/Mật khẩu \(ít nhất/).fill('mat-khau-can-bo-1');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await page.locator('#users-body tr[data-user="canbo.moi"]').waitFor();
  await page.close();
});

test('lowering a capacity in use: 409 shown, then confirmed', async () => {
  const booked = [];
  for (let i = 0; i < 3; i++) {
    const cccd = h.freshCccd();
    const r = await h.book(server, { field: FIELD, date: '2025-09-30', slot: '0930-1100', phone: '0912345678', cccd });
    assert.equal(r.status, 201, r.text);
    booked.push({ code: r.body.code, cccd });
  }
  const page = await h.newPage(browser, 1280, 900);
  await signIn(page);
  await page.getByLabel('Mã khung giờ').fill('0930-1100');
  await page.getByLabel('Bắt đầu').fill('09:30');
  await page.getByLabel('Kết thúc').fill('11:00');
  await page.getByLabel('Số chỗ mỗi lĩnh vực').fill('1');
  for (const d of ['Thứ 2', 'Thứ 3', 'Thứ 4', 'Thứ 5', 'Thứ 6']) await page.getByLabel(d, { exact: true }).check();
  await page.getByRole('button', { name: 'Lưu khung giờ' }).click();
  await page.locator('#confirm-box').waitFor();
  assert.match(await page.locator('#confirm-text').innerText(), /ảnh hưởng 3 lịch hẹn/);
  /* nothing changed yet */
  assert.equal((await h.slotInfo(server, UNIT, '2025-09-30', FIELD, '0930-1100')).capacity, 10);
  await h.screenshot(page, 'quan-tri-capacity-1280', { fullPage: true });

  await page.getByRole('button', { name: 'Xác nhận áp dụng' }).click();
  await page.locator('#affected-box').waitFor();
  assert.equal(await page.locator('#affected-body tr').count(), 3);
  assert.match(await page.locator('#affected-body').innerText(), /0912345678/);
  const info = await h.slotInfo(server, UNIT, '2025-09-30', FIELD, '0930-1100');
  assert.equal(info.capacity, 1);
  assert.equal(info.remaining, 0);
  const more = await h.book(server, { field: FIELD, date: '2025-09-30', slot: '0930-1100' });
  assert.equal(more.status, 409, more.text);
  await page.close();

  /* a citizen whose booking is now over capacity looks it up: still booked, with the unit's notice */
  const citizen = await h.newPage(browser, 360, 800);
  await citizen.goto(server.url + '/tra-cuu');
  await citizen.getByLabel(/Mã đặt chỗ/).fill(booked[2].code);
  await citizen.getByLabel(/Số căn cước công dân/).fill(booked[2].cccd);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  await citizen.locator('#result').waitFor();
  assert.match(await citizen.locator('#result').innerText(), /Đã đặt lịch/);
  await citizen.locator('#result-unit-notice').waitFor();
  assert.ok((await citizen.locator('#unit-notice-title').innerText()).trim().length > 0);
  await h.screenshot(citizen, 'tra-cuu-thong-bao-360');
  await citizen.close();
});

test('the province calendar: enter a swap, the computed days off follow', async () => {
  const page = await h.newPage(browser, 1280, 900);
  await signIn(page);
  const section = page.locator('#calendar-section');
  await section.waitFor();
  await page.getByLabel('Năm', { exact: true }).fill('2027');
  await page.getByRole('button', { name: 'Xem lịch năm' }).click();
  /* 2027 has no official days in the demo: the default Tết, 29 tháng Chạp to mùng 4 */
  const eve = page.locator('#calendar-days tr[data-date="2027-02-05"]');
  await eve.waitFor();
  assert.match(await eve.innerText(), /29\/12\s+Tết Nguyên đán/);
  assert.match(await page.locator('#calendar-days tr[data-date="2027-02-10"]').innerText(), /Nghỉ bù cho Tết Nguyên đán/);
  assert.match(await page.locator('#calendar-summary').innerText(), /mùng 1 Tết là .*6\/2\/2027/);
  assert.equal(await page.locator('#calendar-days tr[data-date="2027-03-05"]').count(), 0);

  /* a Sunday is no day to work: refused, in Vietnamese, nothing changed */
  await page.getByLabel('Ngày được nghỉ').fill('2027-03-05');
  await page.getByLabel('Ngày làm bù (thứ Bảy)').fill('2027-03-14');
  await page.getByRole('button', { name: 'Thêm hoán đổi' }).click();
  await page.getByRole('button', { name: 'Lưu lịch nghỉ năm 2027' }).click();
  await page.locator('#calendar-status', { hasText: 'Ngày làm bù phải là thứ Bảy' }).waitFor();
  await page.locator('#calendar-swaps li[data-swap="2027-03-05>2027-03-14"]').getByRole('button', { name: 'Bỏ' }).click();

  await page.getByLabel('Ngày được nghỉ').fill('2027-03-05');
  await page.getByLabel('Ngày làm bù (thứ Bảy)').fill('2027-03-13');
  await page.getByRole('button', { name: 'Thêm hoán đổi' }).click();
  await page.getByRole('button', { name: 'Lưu lịch nghỉ năm 2027' }).click();
  const off = page.locator('#calendar-days tr[data-date="2027-03-05"]');
  await off.waitFor();
  assert.match(await off.innerText(), /Hoán đổi ngày làm việc: làm bù thứ Bảy 13\/3\/2027/);
  const worked = page.locator('#calendar-worked tr[data-date="2027-03-13"]');
  assert.match(await worked.innerText(), /thứ Sáu/);
  assert.match(await page.locator('#calendar-status').innerText(), /Đã lưu lịch nghỉ năm 2027/);
  /* kept by the server: read again */
  await page.locator('#calendar-days').evaluate((t) => t.replaceChildren());
  await page.getByRole('button', { name: 'Xem lịch năm' }).click();
  await off.waitFor();
  await page.locator('#calendar-swaps li[data-swap="2027-03-05>2027-03-13"]').waitFor();

  const box = await section.boundingBox();
  await page.setViewportSize({ width: 1280, height: Math.ceil(box.height) + 48 });
  await section.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const top = document.getElementById('calendar-section').getBoundingClientRect().top;
    window.scrollTo(0, top + window.scrollY - 24);
  });
  await h.screenshot(page, 'quan-tri-lich-1280', { fullPage: false });
  /* the refused swap's 400 is logged by Chromium as a failed load; no script error */
  assert.deepEqual(page.problems.filter((p) => !p.includes('Failed to load resource')), []);
  await page.close();
});
