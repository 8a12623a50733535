/* Shared helpers for the citizen pages: API calls, Vietnamese dates, text folding, DOM building.
 * No framework and no innerHTML with data: every value goes in through textContent. */
'use strict';

window.Layso = (function () {
  const WEEKDAY_SHORT = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
  const WEEKDAY_LONG = ['Chủ nhật', 'Thứ 2', 'Thứ 3', 'Thứ 4', 'Thứ 5', 'Thứ 6', 'Thứ 7'];
  const STATUS = {
    booked: 'Đã đặt lịch',
    checked_in: 'Đã check-in',
    cancelled: 'Đã hủy',
    expired: 'Đã quá hạn (không đến)',
  };
  const NETWORK_MESSAGE = 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.';

  /* Calls the REST API. Resolves to {status, ok, body} for any HTTP answer (body is the parsed
   * JSON or null); rejects only when no answer came (network error). */
  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ Accept: 'application/json' }, opts.headers);
    if (opts.json !== undefined) {
      opts.body = JSON.stringify(opts.json);
      opts.headers['Content-Type'] = 'application/json';
      delete opts.json;
    }
    const res = await fetch('/api/v1' + path, opts);
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    return { status: res.status, ok: res.ok, body: body, headers: res.headers };
  }

  /* Seconds of a Retry-After header as whole minutes, at least 1. */
  function retryMinutes(result) {
    const s = Number(result && result.headers && result.headers.get('Retry-After'));
    return Math.max(1, Math.ceil((s > 0 ? s : 60) / 60));
  }

  /* Follows a unit's event stream (Server-Sent Events). The browser itself reconnects with
   * Last-Event-ID after a dropped connection; on top of that, a page that has seen no event
   * for STALE_MS (the server pings every 5 s) says so through onConnection(false) and opens a
   * new EventSource when the old one is closed (browsers stop retrying after a 5xx) or has
   * hung, and recovers through the snapshot that a fresh stream starts with.
   * handlers: {snapshot, called, counter, queue: fn(data, id)}, onConnection(bool). */
  function liveStream(unit, handlers, onConnection) {
    const STALE_MS = 10000;
    const url = '/api/v1/units/' + encodeURIComponent(unit) + '/events';
    let source = null, lastEventAt = Date.now(), connected = null, staleSince = 0;
    function setConnected(value) {
      if (value === connected) return;
      connected = value;
      if (onConnection) onConnection(value);
    }
    function seen() { lastEventAt = Date.now(); staleSince = 0; setConnected(true); }
    function open() {
      if (source) source.close();
      source = new EventSource(url);
      for (const type of ['snapshot', 'called', 'counter', 'queue']) {
        source.addEventListener(type, (e) => {
          seen();
          let data = null;
          try { data = JSON.parse(e.data); } catch (err) { return; }
          if (handlers[type]) handlers[type](data, e.lastEventId ? Number(e.lastEventId) : null);
        });
      }
      source.addEventListener('ping', seen);
      source.addEventListener('open', seen);
    }
    function watch() {
      const quiet = Date.now() - lastEventAt;
      if (quiet < STALE_MS) return;
      setConnected(false);
      if (!staleSince) staleSince = Date.now();
      /* CLOSED: the browser gave up; OPEN but silent: a hung connection; CONNECTING for
       * another 10 s: start afresh rather than wait on the browser's own schedule */
      if (source.readyState !== EventSource.CONNECTING || Date.now() - staleSince >= STALE_MS) {
        staleSince = Date.now();
        open();
      }
    }
    open();
    const timer = setInterval(watch, 1000);
    return { close() { clearInterval(timer); if (source) source.close(); } };
  }

  function errorMessage(result, fallback) {
    if (result && result.body && result.body.error && result.body.error.message)
      return result.body.error.message;
    return fallback || 'Đã có lỗi xảy ra. Vui lòng thử lại sau.';
  }

  /* "Phường Phổ Yên" -> "phuong pho yen": the same folding as the server's search. */
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  }
  /* Every query word starts a word of the text: "pho yen" finds "Phường Phổ Yên" but not
   * "Phường Bá Xuyên" (whose "xuyen" merely contains "yen"). */
  function matches(text, query) {
    const words = fold(text).split(/[^a-z0-9]+/);
    return fold(query).split(/[^a-z0-9]+/).filter(Boolean)
      .every((q) => words.some((w) => w.startsWith(q)));
  }

  function parseDate(iso) {   /* "2025-09-26" -> {y, m, d, wd} without time-zone games */
    const [y, m, d] = String(iso).slice(0, 10).split('-').map(Number);
    return { y: y, m: m, d: d, wd: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
  }
  function dateShort(iso) { const p = parseDate(iso); return p.d + '/' + p.m + '/' + p.y; }
  function dateLong(iso) { return WEEKDAY_LONG[parseDate(iso).wd] + ', ' + dateShort(iso); }
  function weekdayShort(iso) { return WEEKDAY_SHORT[parseDate(iso).wd]; }
  function timeOf(instant) { return String(instant).slice(11, 16); }   /* RFC 3339, +07:00 */

  function checkinLine(b) {
    return 'Thời gian check-in: từ ' + timeOf(b.checkin_from) + ' đến ' + timeOf(b.checkin_until) +
      ' ngày ' + dateShort(b.checkin_from);
  }
  function slotLabel(slot) { return slot.start + ' - ' + slot.end; }
  function statusLabel(status) { return STATUS[status] || status; }

  function ticketUrl(code, cccd) {
    return '/api/v1/bookings/' + encodeURIComponent(code) + '/ticket.png?cccd=' + encodeURIComponent(cccd);
  }

  /* el('p', {class: 'x'}, 'text', child) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }

  /* Fills a <dl class=summary> from [[term, value], ...]. */
  function fillSummary(dl, rows) {
    dl.replaceChildren();
    for (const [term, value, id] of rows) {
      dl.append(el('dt', null, term), el('dd', id ? { 'data-field': id } : null, value));
    }
  }

  /* One key per attempt, so a retried POST returns the first answer instead of booking twice. */
  function newIdempotencyKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }

  function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

  return {
    api, errorMessage, fold, matches, dateShort, dateLong, weekdayShort, parseDate, timeOf,
    checkinLine, slotLabel, statusLabel, ticketUrl, el, fillSummary, newIdempotencyKey, sleep,
    retryMinutes, liveStream, NETWORK_MESSAGE,
  };
})();
