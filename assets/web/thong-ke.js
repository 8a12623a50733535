/* /quan-tri/thong-ke: a unit's statistics for a manager (their unit) or an admin (any unit):
 * a range and a field to pick, the totals, three charts drawn here as inline SVG (tickets per
 * day, wait and service p50/p90, busiest slots; no library, no CDN), the per-field and
 * per-counter tables, and the same figures as CSV ("Tải CSV"). The choices stay in the
 * address (?unit=&from=&to=&field=), so a view can be bookmarked or shared. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const TOTALS = [
    ['bookings', 'Lượt đặt lịch'], ['checked_in', 'Đã lấy số'], ['expired', 'Vắng mặt (hết hạn)'],
    ['cancelled', 'Đã hủy'], ['tickets', 'Tổng số phiếu'], ['walk_ins', 'Phiếu lấy trực tiếp'],
    ['done', 'Đã phục vụ'], ['skipped', 'Bỏ qua'],
  ];
  const SIGN_IN = '/dang-nhap?next=/quan-tri/thong-ke'; /* back here once signed in */
  let user = null;

  function error(text) {
    $('stats-error').textContent = text || '';
    $('stats-error').hidden = !text;
  }

  function svgEl(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    for (const c of children) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function chartRoot(box, label, width, height) {
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
      svgEl('title', null, label));
    box.replaceChildren(svg);
    return svg;
  }

  /* Drawn at the box's own width (one SVG unit a CSS pixel), so text stays legible on a phone. */
  function widthOf(box) { return Math.max(280, Math.min(1100, Math.round(box.clientWidth || 720))); }

  /* Vertical bars, one per item ({label, value}), every one drawn (a zero is a flat bar). */
  function columnChart(box, label, items) {
    const W = widthOf(box), H = 240, left = 40, bottom = 36, top = 20;
    const svg = chartRoot(box, label, W, H);
    const max = Math.max(1, ...items.map((i) => i.value));
    const step = (W - left - 8) / Math.max(1, items.length);
    const every = Math.ceil(items.length / Math.max(2, Math.floor((W - left) / 44))); /* labels that fit */
    svg.append(svgEl('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }),
      svgEl('text', { x: 4, y: top + 4 }, String(max)), svgEl('text', { x: 4, y: H - bottom }, '0'));
    items.forEach((item, i) => {
      const h = (H - bottom - top) * item.value / max;
      const x = left + i * step + step * 0.15;
      const bar = svgEl('rect', { class: 'bar', x: x.toFixed(1), y: (H - bottom - h).toFixed(1),
        width: (step * 0.7).toFixed(1), height: h.toFixed(1), 'data-label': item.label,
        'data-value': item.value }, svgEl('title', null, item.label + ': ' + item.value));
      svg.append(bar);
      if (item.value > 0 && step >= 18)
        svg.append(svgEl('text', { class: 'value', x: (x + step * 0.35).toFixed(1), y: (H - bottom - h - 4).toFixed(1),
          'text-anchor': 'middle' }, String(item.value)));
      if (i % every === 0)
        svg.append(svgEl('text', { x: (x + step * 0.35).toFixed(1), y: H - bottom + 16, 'text-anchor': 'middle' },
          item.label));
    });
  }

  /* Horizontal bars ({label, value, text, alt}), one row each. */
  function rowChart(box, label, items) {
    const W = widthOf(box), row = 30, left = Math.min(190, Math.round(W * 0.36)), H = Math.max(1, items.length) * row + 8;
    const svg = chartRoot(box, label, W, H);
    const max = Math.max(1, ...items.map((i) => i.value || 0));
    items.forEach((item, i) => {
      const y = 4 + i * row, w = (W - left - 70) * (item.value || 0) / max;
      svg.append(svgEl('text', { x: 0, y: y + 19 }, item.label),
        svgEl('rect', { class: item.alt ? 'bar bar-alt' : 'bar', x: left, y: y + 4, width: w.toFixed(1),
          height: row - 10, 'data-label': item.label, 'data-value': item.value === null ? '' : item.value },
        svgEl('title', null, item.label + ': ' + item.text)),
        svgEl('text', { class: 'value', x: (left + w + 6).toFixed(1), y: y + 19 }, item.text));
    });
  }

  function minutes(seconds) {
    return seconds === null ? null : Math.round(seconds / 6) / 10;
  }
  function timeItem(label, seconds, alt) {
    const m = minutes(seconds);
    return { label, value: m, text: m === null ? 'chưa có' : String(m).replace('.', ',') + ' phút', alt };
  }

  function drawCharts(s) {
    columnChart($('chart-days'), 'Số phiếu theo ngày', s.days.map((d) => {
      const p = L.parseDate(d.date);
      return { label: p.d + '/' + p.m, value: d.tickets };
    }));
    const t = s.totals;
    rowChart($('chart-times'), 'Thời gian chờ và phục vụ', [
      timeItem('Chờ – p50', t.wait_seconds.p50), timeItem('Chờ – p90', t.wait_seconds.p90),
      timeItem('Phục vụ – p50', t.service_seconds.p50, true), timeItem('Phục vụ – p90', t.service_seconds.p90, true),
    ]);
    rowChart($('chart-slots'), 'Khung giờ đông nhất', s.busiest_slots.map((k) => (
      { label: k.start + ' - ' + k.end, value: k.booked, text: k.booked + ' lượt' })));
  }

  function timeCell(p) {
    return p.p50 === null ? '—' : minutes(p.p50) + ' / ' + minutes(p.p90);
  }

  function fillTable(table, first, rows, withBookings) {
    const heads = [first].concat(withBookings ? ['Đặt lịch', 'Đã lấy số', 'Vắng mặt', 'Đã hủy'] : [],
      ['Phiếu', 'Trực tiếp', 'Đã phục vụ', 'Bỏ qua', 'Chờ p50/p90 (phút)', 'Phục vụ p50/p90 (phút)']);
    const head = L.el('tr', null, ...heads.map((h) => L.el('th', { scope: 'col' }, h)));
    const body = rows.map((r) => L.el('tr', { 'data-id': r.id }, L.el('td', null, r.label),
      ...(withBookings ? [r.bookings, r.checked_in, r.expired, r.cancelled] : [])
        .concat([r.tickets, r.walk_ins, r.done, r.skipped, timeCell(r.wait_seconds), timeCell(r.service_seconds)])
        .map((v) => L.el('td', null, String(v)))));
    table.replaceChildren(L.el('thead', null, head), L.el('tbody', null, ...body));
  }

  function draw(s) {
    L.fillSummary($('totals'), TOTALS.map(([k, label]) => [label, String(s.totals[k]), k]));
    drawCharts(s);
    fillTable($('fields-table'), 'Lĩnh vực', s.fields.map((f) => Object.assign({ label: f.name }, f)), true);
    fillTable($('counters-table'), 'Quầy', s.counters.map((c) => Object.assign({ label: c.name }, c)), false);
  }

  function unitId() { return user.unit ? user.unit.id : $('unit').value; }

  function query(format) {
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('field').value) q.set('field', $('field').value);
    if (format) q.set('format', format);
    return '/admin/units/' + encodeURIComponent(unitId()) + '/stats?' + q.toString();
  }

  async function show() {
    error('');
    const page = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if (!user.unit) page.set('unit', unitId());
    if ($('field').value) page.set('field', $('field').value);
    history.replaceState(null, '', location.pathname + '?' + page.toString());
    $('csv-link').href = '/api/v1' + query('csv');
    $('stats-status').textContent = 'Đang tải…';
    let r;
    try { r = await L.api(query()); } catch (e) { $('stats-status').textContent = ''; error(L.NETWORK_MESSAGE); return; }
    $('stats-status').textContent = '';
    if (r.status === 401) { location.assign(SIGN_IN); return; }
    if (!r.ok) { error(L.errorMessage(r)); return; }
    draw(r.body);
    $('stats-status').textContent = 'Số liệu từ ' + L.dateShort(r.body.from) + ' đến ' + L.dateShort(r.body.to) + '.';
  }

  async function loadFields(wanted) {
    const r = await L.api('/units/' + encodeURIComponent(unitId()));
    const select = $('field');
    select.replaceChildren(L.el('option', { value: '' }, 'Tất cả lĩnh vực'));
    for (const f of (r.ok ? r.body.fields : [])) select.append(L.el('option', { value: f.id }, f.name));
    select.value = wanted && r.ok && r.body.fields.some((f) => f.id === wanted) ? wanted : '';
  }

  async function loadUnits(wanted) {
    const r = await L.api('/units');
    const units = r.ok ? r.body.units : [];
    for (const u of units) $('unit').append(L.el('option', { value: u.id }, u.name));
    $('unit').value = units.some((u) => u.id === wanted) ? wanted : (units[0] || { id: '' }).id;
    $('unit-row').hidden = false;
  }

  function isoDay(d) {
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  async function start() {
    let me;
    try { me = await L.api('/auth/me'); } catch (e) { error(L.NETWORK_MESSAGE); return; }
    if (!me.ok) { location.assign(SIGN_IN); return; }
    user = me.body.user;
    $('who').textContent = user.name + ' · ' + (user.unit ? user.unit.name : 'tất cả đơn vị');
    if (user.role === 'staff') { error('Chỉ quản lý đơn vị và quản trị tỉnh xem được thống kê.'); $('stats-form').hidden = true; return; }
    const params = new URLSearchParams(location.search);
    const today = new Date();
    $('to').value = params.get('to') || isoDay(today);
    $('from').value = params.get('from') || isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
    if (!user.unit) await loadUnits(params.get('unit'));
    await loadFields(params.get('field'));
    await show();
  }

  $('stats-form').addEventListener('submit', (ev) => { ev.preventDefault(); show(); });
  $('unit').addEventListener('change', async () => { await loadFields(null); show(); });
  $('logout-button').addEventListener('click', async () => {
    try { await L.api('/auth/logout', { method: 'POST' }); } catch (e) { /* gone anyway */ }
    location.assign('/dang-nhap');
  });
  start();
})();
