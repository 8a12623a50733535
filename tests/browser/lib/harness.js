/* What every browser test needs: a real layso-server on a free port with a fresh SQLite file
 * (or, with LAYSO_TEST_DB=postgresql, a fresh database on the cluster LAYSO_TEST_PG names),
 * Debian's Chromium through playwright-core, API shortcuts and screenshots. */
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const SOURCE_DIR = path.resolve(__dirname, '..', '..', '..');
const SERVER = process.env.LAYSO_SERVER || path.join(SOURCE_DIR, 'build', 'server', 'layso-server');
const ARTIFACTS = process.env.LAYSO_ARTIFACTS || path.join(path.dirname(path.dirname(SERVER)), 'artifacts');
const SCREENSHOTS_DIR = path.join(SOURCE_DIR, 'docs', 'screenshots');
const DEMO_SEED = path.join(SOURCE_DIR, 'assets', 'demo', 'seed.json');
const CLOCK = '2025-09-25T10:00:00+07:00';   /* Thu: bookable days 26/9, 29/9 … 6/10 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

/* Runs layso-server with args; resolves to {proc, url, stdout} once it printed "listening on". */
async function spawnServer(args, log) {
  /* the shared suppressions cover only fontconfig's caches, which pango keeps until exit */
  const env = Object.assign({ LSAN_OPTIONS: 'suppressions=' + path.join(SOURCE_DIR, 'tests', 'lsan.supp') }, process.env);
  const proc = spawn(SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const run = { proc, stdout: '' };
  proc.stderr.on('data', (d) => { log.stderr += d; });
  proc.stdout.on('data', (d) => { run.stdout += d; });
  run.url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('layso-server did not start:\n' + log.stderr)), 15000);
    proc.stdout.on('data', () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(run.stdout);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error('layso-server exited ' + code + ':\n' + log.stderr)); });
  });
  return run;
}

/* SIGTERM must stop it cleanly: exit 0 and no sanitizer report (the CI build has ASan/UBSan). */
async function stopServer(proc, log) {
  let killed = false;
  if (proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    if (proc.exitCode === null && proc.signalCode === null) { proc.kill('SIGKILL'); killed = true; }
  }
  if (killed) throw new Error('layso-server ignored SIGTERM for 10 s');
  if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(log.stderr))
    throw new Error('layso-server sanitizer report:\n' + log.stderr.slice(-4000));
  if (proc.exitCode !== 0) throw new Error('layso-server exited with ' + proc.exitCode + ':\n' + log.stderr.slice(-2000));
}

/* The --db spec for a server whose files live in dir: a SQLite file there, or a database of
 * its own made on the test cluster (tests/pg; LAYSO_TEST_PG is its key=value conninfo). */
function databaseSpec(dir) {
  if (process.env.LAYSO_TEST_DB !== 'postgresql') return 'sqlite:' + path.join(dir, 'layso.db');
  const conninfo = process.env.LAYSO_TEST_PG;
  if (!conninfo) throw new Error('LAYSO_TEST_DB=postgresql needs LAYSO_TEST_PG');
  const keys = Object.fromEntries(conninfo.trim().split(/\s+/).map((kv) => kv.split('=')));
  const name = 'layso_' + path.basename(dir).toLowerCase().replace(/[^a-z0-9]/g, '_');
  execFileSync('psql', ['-X', '-q', '-d', conninfo, '-c', 'CREATE DATABASE ' + name]);
  return 'postgresql:///' + name + '?host=' + encodeURIComponent(keys.host) + '&port=' + keys.port +
    '&user=' + encodeURIComponent(keys.user || 'postgres');
}

/* Starts layso-server; resolves once it printed "listening on http://…". With
 * options.demoStaff the demo counters and accounts are made too (--seed-demo), and
 * server.staff / server.admin hold {username, password}. server.restart() stops it and
 * starts it again on the same address and database. */
async function startServer(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layso-web-'));
  const rest = ['--db', databaseSpec(dir),
    '--seed', options.seed || DEMO_SEED, '--dev', '--clock', options.clock || CLOCK,
    '--assets', path.join(SOURCE_DIR, 'assets', 'web')]
    .concat(options.demoStaff ? ['--seed-demo'] : []).concat(options.extraArgs || []);
  const log = { stderr: '' };
  let run = await spawnServer(['--listen', '127.0.0.1:0'].concat(rest), log);
  const server = {
    url: run.url, dir,
    get proc() { return run.proc; },
    get stderr() { return log.stderr; },
    get stdout() { return run.stdout; },
    kioskToken: null, staff: null, admin: null,
    async stop() {
      try { await stopServer(run.proc, log); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    },
    /* the clock starts again at options.clock unless another is given */
    async restart(clock, whileDown) {
      await stopServer(run.proc, log);
      if (whileDown) await whileDown();
      const again = rest.slice();
      if (clock) again[again.indexOf('--clock') + 1] = clock;
      run = await spawnServer(['--listen', new URL(server.url).host].concat(again), log);
    },
  };
  /* The token and login lines may come a moment after "listening". */
  const parse = () => {
    const k = /kiosk token: (\S+)/.exec(run.stdout);
    if (k && !server.kioskToken) server.kioskToken = k[1];
    for (const role of ['staff', 'admin']) {
      const m = new RegExp(role + ' login: (\\S+) (\\S+)').exec(run.stdout);
      if (m && !server[role]) server[role] = { username: m[1], password: m[2] };
    }
  };
  parse();
  run.proc.stdout.on('data', parse);
  return server;
}

async function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: process.env.LAYSO_CHROMIUM || '/usr/bin/chromium',
                           args: CHROMIUM_ARGS.concat(extraArgs) });
}

/* A page that records console errors, page errors and CSP violations: tests assert none. */
async function newPage(browser, width = 360, height = 800, extra = {}) {
  const context = await browser.newContext(Object.assign({
    viewport: { width, height }, locale: 'vi-VN', acceptDownloads: true,
    deviceScaleFactor: 1, isMobile: width < 600, hasTouch: width < 600,
  }, extra));
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push('console: ' + m.text()); });
  return page;
}

/* Screenshot into the artifacts dir; with LAYSO_UPDATE_SCREENSHOTS=1 also into docs/screenshots
 * (the committed copies the README shows). */
async function screenshot(page, name, options = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name + '.png');
  await page.screenshot(Object.assign({ path: file, fullPage: true }, options));
  if (process.env.LAYSO_UPDATE_SCREENSHOTS === '1') {
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOTS_DIR, name + '.png'));
  }
  return file;
}

async function api(server, method, p, body, headers = {}) {
  const res = await fetch(server.url + '/api/v1' + p, {
    method, headers: Object.assign(body !== undefined ? { 'Content-Type': 'application/json' } : {}, headers),
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { json = null; }
  return { status: res.status, headers: res.headers, body: json, text };
}

/* A valid, distinct CCCD per call: 12 digits. */
let cccdCounter = 0;
function freshCccd(prefix = '0791') {
  cccdCounter++;
  return (prefix + String(process.pid % 10000).padStart(4, '0') + String(cccdCounter).padStart(4, '0')).slice(0, 12);
}

async function book(server, fields = {}) {
  const body = Object.assign({ name: 'Trần Thị Bình', cccd: freshCccd(), unit: 'phuong-pho-yen',
    field: 'van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc', date: '2025-09-26', slot: '0730-0930', consent: true }, fields);
  return api(server, 'POST', '/bookings', body);
}

async function slotInfo(server, unit, date, field, slot) {
  const r = await api(server, 'GET', `/units/${unit}/slots?date=${date}&field=${field}`);
  if (r.status !== 200) throw new Error('slots: ' + r.status + ' ' + r.text);
  return r.body.slots.find((s) => s.id === slot);
}

/* Books every remaining seat of a slot through the API. */
async function fillSlot(server, date, field, slot, unit = 'phuong-pho-yen') {
  const info = await slotInfo(server, unit, date, field, slot);
  for (let i = 0; i < info.remaining; i++) {
    const r = await book(server, { unit, date, field, slot });
    if (r.status !== 201) throw new Error('fillSlot: ' + r.status + ' ' + r.text);
  }
}

/* Decodes a QR image with zbarimg in binary mode (no charset guessing). */
function zbarDecode(file) {
  return execFileSync('zbarimg', ['--raw', '-q', '-Sbinary', '--nodbus', file]).toString('utf8').replace(/\n$/, '');
}

function isPng(buf) {
  return buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

module.exports = {
  SOURCE_DIR, SERVER, ARTIFACTS, DEMO_SEED, CLOCK,
  startServer, launchBrowser, newPage, screenshot, api, book, slotInfo, fillSlot, freshCccd,
  zbarDecode, isPng,
};
