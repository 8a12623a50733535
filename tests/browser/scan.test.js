/* "Quét QR CCCD": a photo of the card's QR fills Họ và tên and the CCCD exactly (Vietnamese
 * intact), an image without a card QR says so, and POST /api/v1/scan keeps to its contract. */
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const h = require('./lib/harness');

const NAME = 'Nguyễn Thị Minh Khai';
const CCCD = '001099012345';
const PAYLOAD = `${CCCD}|013456789|${NAME}|01021990|Nữ|Số 5, Tổ dân phố 4, Phường Phổ Yên, Thái Nguyên|15082021`;

let server, browser, dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'layso-scan-'));
  execFileSync('qrencode', ['-o', path.join(dir, 'cccd.png'), '-s', '6', '-m', '4', '-l', 'M', PAYLOAD]);
  execFileSync('convert', [path.join(dir, 'cccd.png'), '-quality', '92', path.join(dir, 'cccd.jpg')]);
  execFileSync('qrencode', ['-o', path.join(dir, 'url.png'), '-s', '6', 'https://dichvucong.gov.vn/']);
  execFileSync('convert', ['-size', '240x160', 'xc:white', path.join(dir, 'blank.png')]);
  /* what some phones send: WebP (the page redraws it as JPEG, as it would HEIC) */
  execFileSync('convert', [path.join(dir, 'cccd.png'), '-quality', '95', path.join(dir, 'cccd.webp')]);
  /* a 12 MP phone photo of the card: over the server's 4 MP, so the page scales it down */
  execFileSync('convert', ['-size', '4000x3000', 'xc:white', '(', path.join(dir, 'cccd.png'),
    '-scale', '2400x2400', ')', '-gravity', 'center', '-composite', '-quality', '90',
    path.join(dir, 'photo-12mp.jpg')]);
  server = await h.startServer();
  browser = await h.launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a CCCD QR photo fills name and CCCD exactly', async () => {
  const page = await h.newPage(browser, 360, 800);
  await page.goto(server.url + '/dat-lich');
  const input = page.locator('#scan-file');
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await input.getAttribute('capture'), 'environment');
  /* the button opens the file/camera picker */
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'),
    page.getByRole('button', { name: /Quét QR/ }).click()]);
  await chooser.setFiles(path.join(dir, 'cccd.png'));
  await page.getByText('Đã điền họ tên và số CCCD').waitFor();
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), NAME);
  assert.equal(await page.getByLabel(/Số căn cước công dân/).inputValue(), CCCD);
  await h.screenshot(page, 'dat-lich-scan-360', { fullPage: false });
  assert.deepEqual(page.problems, []);

  /* a WebP photo: not accepted by the server as is, so the page re-encodes it first */
  await page.getByLabel('Họ và tên').fill('');
  await page.getByLabel(/Số căn cước công dân/).fill('');
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/scan'));
  await input.setInputFiles(path.join(dir, 'cccd.webp'));
  assert.equal((await sent).headers()['content-type'], 'image/jpeg');
  await page.waitForFunction(() => document.getElementById('cccd').value !== '');
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), NAME);
  assert.equal(await page.getByLabel(/Số căn cước công dân/).inputValue(), CCCD);

  /* a 12 MP JPEG: the server refuses more than 4 MP, so the page sends it smaller */
  await page.getByLabel('Họ và tên').fill('');
  await page.getByLabel(/Số căn cước công dân/).fill('');
  const sentBig = page.waitForRequest((r) => r.url().endsWith('/api/v1/scan'));
  await input.setInputFiles(path.join(dir, 'photo-12mp.jpg'));
  const request = await sentBig;
  assert.equal(request.headers()['content-type'], 'image/jpeg');
  await page.waitForFunction(() => document.getElementById('cccd').value !== '');
  assert.equal(await page.getByLabel(/Số căn cước công dân/).inputValue(), CCCD);

  /* an image with no card QR: a clear message, fields untouched */
  await page.getByLabel('Họ và tên').fill('Tên gõ tay');
  await input.setInputFiles(path.join(dir, 'url.png'));
  await page.getByText('Không đọc được mã QR trên thẻ căn cước').waitFor();
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Tên gõ tay');
  await input.setInputFiles(path.join(dir, 'blank.png'));
  await page.getByText('Không đọc được mã QR trên thẻ căn cước').waitFor();
  await page.context().close();
});

function announceBody(length, type) {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = require('node:http').request({ host: u.hostname, port: u.port, path: '/api/v1/scan',
      method: 'POST', headers: { 'Content-Type': type, 'Content-Length': length,
        Expect: '100-continue' } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => { req.destroy(); resolve({ status: res.statusCode, body }); });
    });
    req.on('error', reject);
    req.flushHeaders();  /* the body waits for a 100 Continue that never comes */
  });
}

test('POST /api/v1/scan: PNG and JPEG decoded, other types and sizes refused', async () => {
  const post = (body, type) => fetch(server.url + '/api/v1/scan', { method: 'POST', body,
    headers: type ? { 'Content-Type': type } : {} });

  for (const [file, type] of [['cccd.png', 'image/png'], ['cccd.jpg', 'image/jpeg']]) {
    const r = await post(fs.readFileSync(path.join(dir, file)), type);
    assert.equal(r.status, 200, file);
    const j = await r.json();
    assert.equal(j.symbols.length, 1);
    assert.equal(j.symbols[0].type, 'QR-Code');
    assert.equal(j.symbols[0].data, PAYLOAD);
    assert.equal(j.cccd.cccd, CCCD);
    assert.equal(j.cccd.name, NAME);
    assert.equal(j.cccd.birth_date, '1990-02-01');
  }
  const url = await (await post(fs.readFileSync(path.join(dir, 'url.png')), 'image/png')).json();
  assert.equal(url.symbols[0].data, 'https://dichvucong.gov.vn/');
  assert.equal(url.cccd, undefined, 'no card, no cccd object');
  const blank = await (await post(fs.readFileSync(path.join(dir, 'blank.png')), 'image/png')).json();
  assert.deepEqual(blank.symbols, []);

  const text = await post('hello', 'text/plain');
  assert.equal(text.status, 415);
  assert.equal((await text.json()).error.code, 'unsupported_media_type');
  const garbage = await post(Buffer.from('not a png at all'), 'image/png');
  assert.equal(garbage.status, 400);
  assert.equal((await garbage.json()).error.code, 'invalid_input');
  /* past 8 MiB: refused from the announced length, before the body is sent (with Expect:
   * 100-continue; without it the server reads up to 1 MiB too much first, docs/api.md) */
  const huge = await announceBody(8 * 1024 * 1024 + 1, 'image/png');
  assert.equal(huge.status, 413);
  assert.equal(JSON.parse(huge.body).error.code, 'payload_too_large');
  /* just under the limit is read (and is not an image) */
  const big = await post(Buffer.alloc(2 * 1024 * 1024), 'image/jpeg');
  assert.equal(big.status, 400);
});
