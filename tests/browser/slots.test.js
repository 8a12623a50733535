/* Full slots: shown grey with "Khung giờ này đã hết lượt đặt chỗ" and unclickable, and a slot
 * that fills while the citizen is on the confirm step. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
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

async function chooseUpToSlots(page, { name, cccd, field, day }) {
  await page.goto(server.url + '/dat-lich');
  await page.getByLabel('Họ và tên').fill(name);
  await page.getByLabel(/Số căn cước công dân/).fill(cccd);
  await page.getByPlaceholder('Tìm kiếm').fill('pho yen');
  await page.getByRole('radio', { name: /Phường Phổ Yên/ }).check();
  await page.getByRole('radio', { name: field }).check();
  await page.getByRole('radio', { name: day }).check();
  await page.locator('#slot-list input').first().waitFor({ state: 'attached' });
}

test('a full slot is grey, says so, and cannot be chosen', async () => {
  await h.fillSlot(server, '2025-10-01', 'linh-vuc-tu-phap-ho-tich', '0730-0930');
  const page = await h.newPage(browser, 360, 800);
  await chooseUpToSlots(page, { name: 'Hoàng Văn Nam', cccd: h.freshCccd(), field: 'Lĩnh vực Tư pháp - Hộ tịch', day: 'Thứ 4, 1/10/2025' });

  const full = page.locator('#slot-list .choice', { hasText: '07:30 - 09:30' });
  assert.match(await full.innerText(), /Khung giờ này đã hết lượt đặt chỗ/);
  assert.equal(await full.locator('input').isDisabled(), true);
  const open = page.locator('#slot-list .choice', { hasText: '09:30 - 11:00' });
  assert.doesNotMatch(await open.innerText(), /hết lượt/);
  assert.equal(await open.locator('input').isDisabled(), false);

  /* grey: the full slot's box differs from an open one and has no saturated colour */
  const bg = (loc) => loc.locator('span').first().evaluate((n) => getComputedStyle(n).backgroundColor);
  const fullBg = await bg(full), openBg = await bg(open);
  assert.notEqual(fullBg, openBg);
  const [r, g, b] = fullBg.match(/\d+/g).map(Number);
  assert.ok(Math.max(r, g, b) - Math.min(r, g, b) < 12 && r < 245, 'grey background, got ' + fullBg);

  /* clicking it (even forced) does not select it */
  await full.click({ force: true });
  assert.equal(await full.locator('input').isChecked(), false);
  await page.keyboard.press('Tab');
  assert.equal(await page.locator('#slot-list input:checked').count(), 0);
  await h.screenshot(page, 'dat-lich-slot-full-360');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the slot fills during confirm: a clear message and back to pick another, form kept', async () => {
  const page = await h.newPage(browser, 360, 800);
  const cccd = h.freshCccd();
  await chooseUpToSlots(page, { name: 'Bùi Thị Xuân', cccd, field: 'Lĩnh vực Xây dựng, Công thương - Tài chính kế hoạch', day: 'Thứ 5, 2/10/2025' });
  await page.getByRole('radio', { name: /^09:30 - 11:00/ }).check();
  await page.getByLabel(/Tôi đồng ý/).check();
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('heading', { name: 'Xác nhận thông tin đăng ký' }).waitFor();

  await h.fillSlot(server, '2025-10-02', 'linh-vuc-xay-dung-cong-thuong-tai-chinh-ke-hoach', '0930-1100');
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  const alert = page.locator('#confirm-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /vừa hết lượt đặt chỗ/);
  assert.equal(await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).isVisible(), false);
  await h.screenshot(page, 'dat-lich-slot-taken-360', { fullPage: false });

  await page.getByRole('button', { name: 'Chọn khung giờ khác' }).click();
  await page.locator('#slot-error').waitFor();
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Bùi Thị Xuân');
  assert.equal(await page.getByLabel(/Số căn cước công dân/).inputValue(), cccd);
  assert.equal(await page.getByRole('radio', { name: 'Thứ 5, 2/10/2025' }).isChecked(), true);
  assert.equal(await page.getByLabel(/Tôi đồng ý/).isChecked(), true);
  const taken = page.locator('#slot-list .choice', { hasText: '09:30 - 11:00' });
  assert.match(await taken.innerText(), /Khung giờ này đã hết lượt đặt chỗ/);
  assert.equal(await taken.locator('input').isDisabled(), true);
  assert.equal(await page.locator('#slot-list input:checked').count(), 0);

  await page.getByRole('radio', { name: /^14:00 - 16:00/ }).check();
  await page.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
  await page.getByRole('button', { name: '✓ Xác nhận đăng ký' }).click();
  await page.getByRole('heading', { name: 'Đăng ký thành công!' }).waitFor();
  assert.ok((await page.locator('#checkin-line').innerText()).includes('từ 13:30 đến 16:00 ngày 2/10/2025'));
  const info = await h.slotInfo(server, 'phuong-pho-yen', '2025-10-02', 'linh-vuc-xay-dung-cong-thuong-tai-chinh-ke-hoach', '0930-1100');
  assert.equal(info.remaining, 0, 'capacity not exceeded');
  assert.equal(info.full, true);
  assert.deepEqual(page.problems.filter((p) => !/409/.test(p)), []);
  await page.context().close();
});
