/* Issue 9: the pages say what the province's guide says, at 360 px: brand and tabs on every
 * public page (and the province from --province), the booking form's words, the phone rule
 * as typed on a phone, the success step's note and full-width ticket picture, a duplicate
 * booking that leads to /tra-cuu, mistyped addresses (redirects and a Vietnamese 404 page). */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');

const FIELDS = [
  'Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC',
  'Lĩnh vực Tư pháp - Hộ tịch',
  'Lĩnh vực Xây dựng, Công thương - Tài chính kế hoạch',
  'Lĩnh vực Nông nghiệp, Môi trường',
  'Văn hóa, Khoa học, Thông tin - Nội vụ - Y tế - Giáo dục, đào tạo',
  'CN Văn phòng đăng ký đất đai',
];
/* issue 10: "Đăng nhập" (staff sign-in) joins the public pages' menu */
const TABS = ['Trang chủ', 'Đặt lịch', 'Thông báo', 'Tra cứu', 'Đăng nhập'];

/* page.problems without the console's note of an HTTP error the test asked for (a 404 page,
 * a 409 answer the page shows as a message) */
function problems(page) {
  return page.problems.filter((m) => !/Failed to load resource: the server responded with a status of (404|409)/.test(m));
}

let server, browser;
before(async () => {
  server = await h.startServer();
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function assertHeader(page, brand, label) {
  assert.equal((await page.locator('.brand strong').innerText()).trim(), brand, label);
  assert.equal((await page.locator('.brand strong + span').innerText()).trim(),
               'Hệ thống đặt số trực tuyến', label);
  const tabs = await page.getByRole('navigation').getByRole('link').allInnerTexts();
  assert.deepEqual(tabs.map((t) => t.trim()), TABS, label);
}

/* The citizen's way through the form, typing into "Tìm kiếm" as the guide says. */
async function fillForm(page, { name, cccd, phone, field = FIELDS[1], day = 'Thứ 6, 26/9/2025', slot = '07:30 - 09:30' }) {
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel(/Số căn cước công dân/).fill(cccd);
  if (phone) await page.getByLabel(/Số điện thoại/).fill(phone);
  await page.getByPlaceholder('Tìm kiếm').fill('Phường Phổ Yên');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: field }).check();
  await page.getByRole('radio', { name: day }).check();
  await page.getByRole('radio', { name: new RegExp('^' + slot) }).check();
  await page.getByLabel(/Tôi đồng ý/).check();
}

async function toConfirm(page) {
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();
}

test('every public page carries the guide\'s brand and tabs', async () => {
  const page = await h.newPage(browser, 360, 800);
  for (const p of ['/', '/dat-lich', '/tra-cuu', '/thong-bao', '/phieu/khong-co', '/khong-co-trang-nay']) {
    await page.goto(server.url + p);
    await assertHeader(page, 'TỈNH THÁI NGUYÊN', p);
  }
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('/dat-lich says what the guide quotes: title, hints, "Đơn vị" with "Tìm kiếm", the six fields', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Đặt lịch thực hiện dịch vụ công');
  assert.equal(await page.locator('#step-form .lead').innerText(), 'Vui lòng điền đầy đủ thông tin để đăng ký lịch hẹn');
  assert.equal(await page.getByLabel('Họ và tên').getAttribute('placeholder'), 'Nhập họ và tên đầy đủ');
  assert.equal(await page.getByLabel(/Số căn cước công dân/).getAttribute('placeholder'), 'Nhập số căn cước công dân (12 số)');
  assert.equal(await page.getByLabel(/Số điện thoại/).getAttribute('placeholder'), 'Nhập số điện thoại');

  /* the search box sits under the label "Đơn vị", with the placeholder "Tìm kiếm" */
  const search = page.getByRole('searchbox', { name: /^Đơn vị/ });
  assert.equal(await search.getAttribute('placeholder'), 'Tìm kiếm');
  const legend = await page.locator('#unit-legend').boundingBox();
  const box = await search.boundingBox();
  assert.ok(box.y > legend.y && box.y - (legend.y + legend.height) < 40, 'the box is right under "Đơn vị"');
  await search.fill('Phường Phổ Yên');
  assert.equal(await page.locator('#unit-list .choice:visible').count(), 1);
  /* the notice's addresses are what the list shows */
  await search.fill('');
  const units = await page.locator('#unit-list .choice').allInnerTexts();
  for (const a of ['TDP 4, Phường Phổ Yên', 'Đường Lê Hồng Phong, Xóm Xứ Đào, Xã Bá Xuyên cũ',
                   'Đường Nguyễn Văn Cừ, TDP Khu Yên, Phường Bách Quang', 'Tổ 6, Phường Bắc Kạn',
                   'Tổ 7, Phường Đức Xuân'])
    assert.ok(units.some((u) => u.includes(a)), a);

  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: FIELDS[0] }).waitFor();
  const fields = await page.locator('#field-list .choice').allInnerTexts();
  assert.deepEqual(fields.map((f) => f.trim()), FIELDS);
  await h.screenshot(page, 'dat-lich-guide-360', { fullPage: false });
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('phone as typed on a phone: "0987 654 321" is not cut, +84 becomes 0, the number is stored normalised', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  const phone = page.getByLabel(/Số điện thoại/);
  await phone.pressSequentially('0987 654 321');
  assert.equal(await phone.inputValue(), '0987 654 321', 'maxlength must not cut it');
  await phone.fill('');
  await phone.pressSequentially('+84 987 654 321');
  assert.equal(await phone.inputValue(), '+84 987 654 321');

  const cccd = h.freshCccd();
  await fillForm(page, { name: 'Phạm Thị Thu', cccd, field: FIELDS[3] });
  await toConfirm(page);
  assert.match(await page.locator('#confirm-summary').innerText(), /0987654321/);
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  const code = (await page.locator('#booking-code').innerText()).trim();
  const b = await h.api(server, 'GET', `/bookings/${code}?cccd=${cccd}`);
  assert.equal(b.body.phone, '0987654321');

  /* the guide's example of a number from 0 that is no mobile prefix: valid */
  await page.getByRole('button', { name: 'Đăng ký mới' }).click();
  await fillForm(page, { name: 'Phạm Thị Thu', cccd: h.freshCccd(), phone: '0123456789', field: FIELDS[4] });
  await toConfirm(page);
  assert.match(await page.locator('#confirm-summary').innerText(), /0123456789/);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('success step: the guide\'s note, the unit\'s lead, the ticket picture edge to edge, the code as large selectable text', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  await fillForm(page, { name: 'Trịnh Văn Quang', cccd: h.freshCccd(), field: FIELDS[2] });
  await toConfirm(page);
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  const note = await page.locator('#checkin-note').innerText();
  assert.match(note, /^Lưu ý: Bạn cần đến đúng khung giờ check-in để lấy phiếu tại cơ quan\./);
  assert.match(note, /Khoảng thời gian trước khung giờ đăng ký thì được check-in: 30 phút\./);

  await page.waitForFunction(() => document.getElementById('ticket-img').complete &&
                                    document.getElementById('ticket-img').naturalWidth > 0);
  const img = await page.locator('#ticket-img').boundingBox();
  assert.ok(img.width >= 359 && img.x <= 0.5, `ticket picture spans the phone: ${JSON.stringify(img)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, 'no sideways scrolling: ' + overflow);

  const code = page.locator('#booking-code');
  const size = await code.evaluate((n) => parseFloat(getComputedStyle(n).fontSize));
  assert.ok(size >= 40, 'the code stays large: ' + size);
  assert.equal(await code.evaluate((n) => n.tagName), 'STRONG', 'the code is text, not only a picture');
  await code.click();   /* one tap selects it whole */
  const selected = await page.evaluate(() => window.getSelection().toString().trim());
  assert.equal(selected, (await code.innerText()).trim());
  await h.screenshot(page, 'dat-lich-success-ticket-360');
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('a duplicate booking is no dead end: the error links to /tra-cuu, and the unit\'s limit is stated', async () => {
  const page = await h.newPage(browser, 360, 800);
  /* the same field and day, held already */
  const cccd = h.freshCccd();
  const held = await h.book(server, { cccd, field: 'van-hoa-khoa-hoc-thong-tin-noi-vu-y-te-giao-duc-dao-tao',
                                      date: '2025-10-02', slot: '0730-0930' });
  assert.equal(held.status, 201, held.text);
  await page.goto(server.url + '/dat-lich');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
  await fillForm(page, { name: 'Trần Thị Bình', cccd, field: FIELDS[4], day: 'Thứ 5, 2/10/2025', slot: '14:00 - 16:00' });
  await toConfirm(page);
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  const alert = page.locator('#confirm-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /đã có lịch hẹn cho lĩnh vực và ngày đã chọn/);
  const link = alert.getByRole('link', { name: /Tra cứu/ });
  assert.equal(await link.getAttribute('href'), '/tra-cuu');
  await h.screenshot(page, 'dat-lich-duplicate-360', { fullPage: false });

  /* three active bookings at the unit across fields and days: the 4th is refused with "3" */
  const many = h.freshCccd();
  for (const [field, date] of [['van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc', '2025-10-03'],
                               ['linh-vuc-tu-phap-ho-tich', '2025-10-06'],
                               ['cn-van-phong-dang-ky-dat-dai', '2025-10-03']]) {
    const r = await h.book(server, { cccd: many, field, date, slot: '1400-1600' });
    assert.equal(r.status, 201, r.text);
  }
  await page.getByRole('button', { name: '← Quay lại' }).click();
  await page.getByLabel(/Số căn cước công dân/).fill(many);
  await toConfirm(page);
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await alert.getByText(/tối đa 3 lịch hẹn/).waitFor();
  await alert.getByRole('link', { name: /Tra cứu/ }).click();
  await page.waitForURL('**/tra-cuu');
  await page.getByRole('heading', { name: 'Tra cứu lịch hẹn' }).waitFor();
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('mistyped addresses: variants redirect to the page, other paths get a Vietnamese 404 page, /api/ keeps JSON', async () => {
  for (const [from, to] of [['/dat-lich/', '/dat-lich'], ['/Dat-lich', '/dat-lich'],
                            ['/dat-lich.html', '/dat-lich'], ['/DAT-LICH.HTML/', '/dat-lich'],
                            ['/tra-cuu/', '/tra-cuu'], ['/Tra-Cuu', '/tra-cuu'], ['/tra-cuu.html', '/tra-cuu'],
                            ['/thong-bao/', '/thong-bao'], ['/Thong-bao.html', '/thong-bao'],
                            ['/index.html', '/'], ['/phieu/abc123/', '/phieu/abc123']]) {
    const res = await fetch(server.url + from, { redirect: 'manual', headers: { Accept: 'text/html' } });
    assert.ok(res.status === 301 || res.status === 308, `${from}: ${res.status}`);
    assert.equal(res.headers.get('location'), to, from);
  }
  /* never off the site */
  for (const p of ['//example.com', '//example.com/', '/dat-lich/x']) {
    const res = await fetch(server.url + p, { redirect: 'manual', headers: { Accept: 'text/html' } });
    assert.equal(res.status, 404, p);
  }

  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/Dat-lich.html');
  assert.equal(page.url(), server.url + '/dat-lich');
  await page.getByRole('heading', { name: 'Đặt lịch thực hiện dịch vụ công' }).waitFor();

  const res = await page.goto(server.url + '/dat-lich/khong-co');
  assert.equal(res.status(), 404);
  assert.match(res.headers()['content-type'], /^text\/html/);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Không tìm thấy trang');
  const links = await page.locator('main a').evaluateAll((ns) => ns.map((n) => n.getAttribute('href')));
  for (const href of ['/', '/dat-lich', '/tra-cuu']) assert.ok(links.includes(href), href);
  assert.equal(await page.locator('body').evaluate((b) => b.innerText.includes('"error"')), false, 'no raw JSON');
  await h.screenshot(page, 'khong-tim-thay-360');
  assert.deepEqual(problems(page), []);
  await page.context().close();

  /* JSON for the API and for clients that do not ask for HTML */
  const api = await fetch(server.url + '/api/v1/khong-co', { headers: { Accept: 'text/html' } });
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, 'not_found');
  const plain = await fetch(server.url + '/khong-co');
  assert.equal(plain.status, 404);
  assert.equal((await plain.json()).error.code, 'not_found');
  const post = await fetch(server.url + '/khong-co', { method: 'POST', headers: { Accept: 'text/html' } });
  assert.equal(post.status, 404);
  assert.equal((await post.json()).error.code, 'not_found');
});

test('--province names another province on every page', async () => {
  const seed = JSON.parse(fs.readFileSync(h.DEMO_SEED, 'utf8'));
  seed.units[0].checkin_lead_minutes = 45;   /* the success note says the unit's own lead */
  const seedFile = path.join(h.ARTIFACTS, 'guide-seed.json');
  fs.mkdirSync(h.ARTIFACTS, { recursive: true });
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const other = await h.startServer({ seed: seedFile, extraArgs: ['--province', 'Bắc Ninh'] });
  try {
    const page = await h.newPage(browser, 360, 800);
    for (const p of ['/', '/dat-lich', '/tra-cuu', '/thong-bao', '/khong-co'])  {
      await page.goto(other.url + p);
      await assertHeader(page, 'TỈNH BẮC NINH', p);
    }
    await page.goto(other.url + '/dat-lich');
    await page.getByRole('radio', { name: /Phường Phổ Yên/ }).waitFor();
    await fillForm(page, { name: 'Đỗ Văn Hải', cccd: h.freshCccd() });
    await toConfirm(page);
    await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
    await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
    assert.match(await page.locator('#checkin-note').innerText(), /được check-in: 45 phút\./);
    assert.match(await page.locator('#checkin-line').innerText(), /từ 06:45 đến 09:30/);
    assert.deepEqual(problems(page), []);
    await page.context().close();
  } finally {
    await other.stop();
  }
});
