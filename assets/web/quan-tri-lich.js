/* /quan-tri's "Lịch nghỉ lễ, Tết" (admins only): a year's days off as the server computes
 * them (GET /api/v1/admin/calendar/{year}) and the province's entry for that year: Tết's days
 * as one range, National Day's extra day, the swaps. Saving posts the year's whole entry; the
 * server checks it (its Vietnamese message names what is wrong) and, when days that become
 * days off hold bookings, asks for a confirmation through quan-tri.js's capacity flow. */
'use strict';

window.LaysoCalendarAdmin = (function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const WORKS_AS = { mon: 'thứ Hai', tue: 'thứ Ba', wed: 'thứ Tư', thu: 'thứ Năm', fri: 'thứ Sáu' };
  const DAY_MS = 86400000;
  let admin = null, year = null, swaps = [];

  function status(text, isError) {
    admin.say('calendar-status', text);
    $('calendar-status').classList.toggle('error', !!isError);
  }

  function reasonOf(d) {
    if (d.reason === 'make_up') return 'Nghỉ bù cho ' + d.for_label + ' (' + L.dateShort(d.for_date) + ')';
    if (d.reason === 'swap') return 'Hoán đổi ngày làm việc: làm bù thứ Bảy ' + L.dateShort(d.for_date);
    return d.label;
  }

  function showSwaps() {
    $('calendar-swaps').replaceChildren(...swaps.map((s, i) => {
      const [off, worked] = s.split('>');
      const drop = L.el('button', { type: 'button', class: 'btn-plain' }, 'Bỏ');
      drop.addEventListener('click', () => { swaps.splice(i, 1); showSwaps(); });
      return L.el('li', { 'data-swap': s }, 'Nghỉ ' + L.dateLong(off) + ', làm bù ' + L.dateLong(worked) + ' ', drop);
    }));
    if (!swaps.length) $('calendar-swaps').append(L.el('li', null, 'Chưa có hoán đổi nào.'));
  }

  function showEntry(c) {
    const tet = c.official.tet ? c.official.tet.slice().sort() : null;
    $('calendar-tet-from').value = tet ? tet[0] : '';
    $('calendar-tet-to').value = tet ? tet[tet.length - 1] : '';
    const extra = c.official.national_day_extra;
    $('calendar-national-day').value = extra ? extra.slice(5) : '';
    swaps = c.official.swaps.slice();
    showSwaps();
    $('calendar-save').textContent = 'Lưu lịch nghỉ năm ' + c.year;
  }

  function show(c) {
    year = c.year;
    $('calendar-year').value = c.year;
    const extra = c.official.national_day_extra;
    admin.say('calendar-summary', 'Năm ' + c.year + ': mùng 1 Tết là ' + L.dateLong(c.mung_1) + '. Nghỉ Tết '
      + (c.defaults.tet ? 'theo mặc định' : 'theo thông báo đã nhập') + '; Quốc khánh nghỉ 2/9 và '
      + (extra ? L.dateShort(extra).replace(/\/\d+$/, '') : '1/9 (mặc định)') + '.');
    $('calendar-days').replaceChildren(...c.days_off.map((d) => L.el('tr', { 'data-date': d.date },
      L.el('td', null, L.dateLong(d.date)), L.el('td', null, d.lunar || ''), L.el('td', null, reasonOf(d)))));
    $('calendar-worked').replaceChildren(...c.worked_days.map((w) => L.el('tr', { 'data-date': w.date },
      L.el('td', null, L.dateLong(w.date)), L.el('td', null, WORKS_AS[w.works_as] || w.works_as),
      L.el('td', null, w.day_off ? L.dateLong(w.day_off) : ''))));
    if (!c.worked_days.length)
      $('calendar-worked').append(L.el('tr', null, L.el('td', { colspan: '3' }, 'Không có ngày làm bù.')));
    showEntry(c);
  }

  async function load(y) {
    status('');
    const r = await L.api('/admin/calendar/' + encodeURIComponent(y));
    if (r.status === 401) { location.assign('/dang-nhap'); return; }
    if (r.status === 404) { status('Lịch chỉ tính được các năm từ 2021 đến 2100.', true); return; }
    if (!r.ok) { status(L.errorMessage(r), true); return; }
    show(r.body);
  }

  /* Every day from `from` to `to` ("YYYY-MM-DD"), null when both are empty; a string is an error. */
  function tetDays(from, to) {
    if (!from && !to) return null;
    if (!from || !to) return 'Vui lòng chọn cả ngày bắt đầu và ngày kết thúc nghỉ Tết.';
    const start = Date.parse(from + 'T00:00:00Z'), end = Date.parse(to + 'T00:00:00Z');
    if (!(end >= start)) return 'Ngày kết thúc nghỉ Tết phải từ ngày bắt đầu trở đi.';
    if (end - start > 40 * DAY_MS) return 'Nghỉ Tết gồm từ 5 đến 16 ngày';
    const days = [];
    for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
    return days;
  }

  function save(entry) {
    admin.capacityChange('/admin/calendar/' + year, entry, 'calendar-status', (body) => {
      show(body.calendar);
      status('Đã lưu lịch nghỉ năm ' + body.calendar.year + '.');
    });
  }

  function addSwap() {
    const off = $('calendar-swap-off').value, worked = $('calendar-swap-worked').value;
    if (!off || !worked) { status('Vui lòng chọn cả ngày được nghỉ và ngày làm bù.', true); return; }
    swaps.push(off + '>' + worked);
    $('calendar-swap-off').value = '';
    $('calendar-swap-worked').value = '';
    showSwaps();
    status('Đã thêm hoán đổi. Bấm "' + $('calendar-save').textContent + '" để áp dụng.');
  }

  function bind() {
    $('calendar-year-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const y = Number($('calendar-year').value);
      if (!Number.isInteger(y) || y < 2021 || y > 2100) { status('Năm từ 2021 đến 2100.', true); return; }
      load(y);
    });
    $('calendar-swap-add').addEventListener('click', addSwap);
    $('calendar-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const tet = tetDays($('calendar-tet-from').value, $('calendar-tet-to').value);
      if (typeof tet === 'string') { status(tet, true); return; }
      const extra = $('calendar-national-day').value;
      save({ tet, national_day_extra: extra ? year + '-' + extra : null, swaps });
    });
    $('calendar-defaults').addEventListener('click', () => save({}));
  }

  /* Called by quan-tri.js once it knows the user is an admin, with its post, capacityChange
   * and say. */
  function start(api) {
    admin = api;
    $('calendar-section').hidden = false;
    bind();
    load(Math.min(2100, Math.max(2021, new Date().getFullYear())));
  }

  return { start };
})();
