/* /quan-tri: a manager runs their unit, an admin every unit and the province's settings.
 * Each form posts to /api/v1/admin/…; the server applies the change at once and answers the
 * unit as it now stands, which the page shows again. A change that would leave bookings over
 * capacity comes back 409 capacity_in_use: the page says how many, and applies it only when
 * the manager confirms; then it lists those bookings to call. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const WEEKDAYS = [['mon', 'Thứ 2'], ['tue', 'Thứ 3'], ['wed', 'Thứ 4'], ['thu', 'Thứ 5'],
    ['fri', 'Thứ 6'], ['sat', 'Thứ 7'], ['sun', 'Chủ nhật']];
  let user = null, unitId = null, pending = null;

  function error(text) {
    $('admin-error').textContent = text || '';
    $('admin-error').hidden = !text;
  }

  function say(id, text) { $(id).textContent = text || ''; }

  function base() { return '/admin/units/' + encodeURIComponent(unitId); }

  /* POSTs and answers {ok, body}; a 401 goes back to the sign-in page. */
  async function post(path, json, statusId) {
    say(statusId, 'Đang lưu...');
    let r;
    try {
      r = await L.api(path, { method: 'POST', json: json });
    } catch (e) {
      say(statusId, L.NETWORK_MESSAGE);
      return null;
    }
    if (r.status === 401) { location.assign('/dang-nhap'); return null; }
    say(statusId, r.ok ? 'Đã lưu.' : L.errorMessage(r));
    return r;
  }

  function showUnit(u) {
    $('unit-name').value = u.name;
    $('unit-address').value = u.address;
    $('unit-hours').value = u.opening_hours;
    $('unit-saturday').checked = u.saturday;
    $('unit-lead').value = u.checkin_lead_minutes;
    $('unit-horizon').value = u.horizon_days;
    $('unit-limit').value = u.max_active_per_cccd;
    $('unit-limit-unit').value = u.max_active_per_cccd_unit;
    $('unit-minutes').value = u.minutes_per_ticket;
    $('fields-body').replaceChildren(...u.fields.map((f) => L.el('tr', { 'data-field': f.id },
      L.el('td', null, f.id), L.el('td', null, f.name), L.el('td', null, f.prefix),
      L.el('td', null, f.walk_in_numbers || 'mặc định'), L.el('td', null, f.appointment_numbers || 'mặc định'))));
    const dayName = (d) => (WEEKDAYS.find((w) => w[0] === d) || [d, d])[1];
    $('slots-body').replaceChildren(...u.slots.map((s) => L.el('tr', { 'data-slot': s.id },
      L.el('td', null, s.id), L.el('td', null, s.start + ' - ' + s.end),
      L.el('td', null, String(s.capacity)), L.el('td', null, s.weekdays.map(dayName).join(', ')))));
    say('closed-list', u.closed_days.length
      ? 'Đã đóng cửa: ' + u.closed_days.map(L.dateShort).join(', ') : 'Chưa có ngày nghỉ riêng.');
    showNotices(u.notices);
    unitFields = u.fields;
    $('counter-fields').replaceChildren(L.el('legend', null, 'Lĩnh vực phục vụ'), ...u.fields.map((f) =>
      L.el('label', null, L.el('input', { type: 'checkbox', value: f.id }), ' ' + f.name + ' ')));
    showPolicy(u.queue_policy);
  }

  function showNotices(list) {
    $('notices-list').replaceChildren(...list.map((n) => {
      const button = L.el('button', { type: 'button', class: n.published ? 'btn-plain' : 'btn-primary' },
        n.published ? 'Ẩn thông báo' : 'Đăng thông báo');
      button.addEventListener('click', () => publish(n, !n.published));
      return L.el('article', { class: 'card notice-item', 'data-notice': n.id },
        L.el('h3', null, n.title), L.el('p', null, n.body),
        L.el('p', { class: 'status' }, n.published ? 'Đang hiển thị' : 'Bản nháp'), button);
    }));
  }

  async function publish(n, on) {
    const r = await post(base() + '/notices/' + encodeURIComponent(n.id) + (on ? '/publish' : '/unpublish'),
      undefined, 'notice-status');
    if (r && r.ok) showNotices(r.body.notices);
  }

  async function loadUnit() {
    const r = await L.api(base());
    if (r.status === 401) { location.assign('/dang-nhap'); return; }
    if (!r.ok) { error(L.errorMessage(r)); return; }
    error('');
    showUnit(r.body.unit);
    await Promise.all([loadCounters(), loadUsers(), loadKiosks()]);
    await loadAudit();
  }

  async function loadServer() {
    const r = await L.api('/admin/settings');
    if (!r.ok) return;
    $('province').value = r.body.province;
    $('retention').value = r.body.retention_days;
    const p = r.body.purge;
    say('purge-status', p ? 'Lần xóa dữ liệu gần nhất: ' + L.dateShort(p.last_run.slice(0, 10)) + ' '
      + L.timeOf(p.last_run) + ', ' + p.purged + ' lịch hẹn.' : 'Chưa chạy lần xóa dữ liệu nào.');
  }

  function showAffected(list) {
    $('affected-body').replaceChildren(...list.map((b) => L.el('tr', null,
      L.el('td', null, b.code), L.el('td', null, b.name || ''), L.el('td', null, b.phone || ''),
      L.el('td', null, L.dateShort(b.date)), L.el('td', null, b.slot))));
    $('affected-box').hidden = list.length === 0;
  }

  /* A change under the capacity rule: 409 asks for a confirmation, 200 lists who to call and
   * hands the answer to `done` (default: the unit shown again). */
  async function capacityChange(path, json, statusId, done) {
    $('confirm-box').hidden = true;
    const r = await post(path, json, statusId);
    if (!r) return;
    if (r.status === 409 && r.body && r.body.error && r.body.error.code === 'capacity_in_use') {
      pending = { path, json, statusId, done };
      say('confirm-text', r.body.error.message);
      $('confirm-box').hidden = false;
      $('confirm-yes').focus();
      return;
    }
    if (!r.ok) return;
    showAffected(r.body.affected);
    if (done) done(r.body); else await loadUnit();
  }

  function number(id) { return Number($(id).value); }

  function bindForms() {
    $('unit-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post(base(), {
        name: $('unit-name').value, address: $('unit-address').value,
        opening_hours: $('unit-hours').value, saturday: $('unit-saturday').checked,
        checkin_lead_minutes: number('unit-lead'), horizon_days: number('unit-horizon'),
        max_active_per_cccd: number('unit-limit'), max_active_per_cccd_unit: number('unit-limit-unit'),
        minutes_per_ticket: number('unit-minutes'),
      }, 'unit-status');
      if (r && r.ok) showUnit(r.body.unit);
    });
    $('field-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post(base() + '/fields/' + encodeURIComponent($('field-id').value.trim()),
        { name: $('field-name').value, prefix: $('field-prefix').value.trim().toUpperCase(),
          walk_in_numbers: $('field-walk-in').value.trim() || undefined,
          appointment_numbers: $('field-appointment').value.trim() || undefined }, 'field-status');
      if (r && r.ok) showUnit(r.body.unit);
    });
    $('slot-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const days = [...document.querySelectorAll('#slot-weekdays input:checked')].map((i) => i.value);
      capacityChange(base() + '/slots/' + encodeURIComponent($('slot-id').value.trim()), {
        start: $('slot-start').value, end: $('slot-end').value,
        capacity: number('slot-capacity'), weekdays: days,
      }, 'slot-status');
    });
    $('closed-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      capacityChange(base() + '/closed-days', { date: $('closed-date').value }, 'closed-status');
    });
    $('notice-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post(base() + '/notices',
        { title: $('notice-title').value, body: $('notice-body').value }, 'notice-status');
      if (r && r.ok) { showNotices(r.body.notices); $('notice-form').reset(); }
    });
  }

  function when(instant) { return instant ? L.dateShort(instant.slice(0, 10)) + ' ' + L.timeOf(instant) : '—'; }

  function printerLabel(p) {
    if (!p) return 'Chưa in phiếu nào';
    return (p.ok ? 'In tốt' : 'Lỗi in' + (p.reason ? ' (' + p.reason + ')' : '')) + ' · ' + when(p.at);
  }

  /* The kiosks; `token` (just made or rotated) is shown once, never kept. */
  function showKiosks(list, token, qr) {
    $('kiosks-body').replaceChildren(...list.map((k) => {
      const cells = [L.el('td', null, k.id), L.el('td', null, k.name),
        L.el('td', null, k.active ? 'Đang hoạt động' : 'Đã thu hồi'), L.el('td', null, when(k.last_seen_at)),
        L.el('td', null, printerLabel(k.printer))];
      const actions = L.el('td');
      if (k.active) {
        for (const [action, label] of [['rotate', 'Đổi mã'], ['revoke', 'Thu hồi']]) {
          const b = L.el('button', { type: 'button', class: 'btn-plain' }, label);
          b.addEventListener('click', () => kioskAction(k.id, action));
          actions.append(b);
        }
      }
      return L.el('tr', { 'data-kiosk': k.id }, ...cells, actions);
    }));
    $('kiosk-token').textContent = token || '';
    $('kiosk-token-box').hidden = !token;
    if (qr) $('kiosk-token-qr').src = qr; else $('kiosk-token-qr').removeAttribute('src');
    $('kiosk-token-qr').hidden = !qr;
  }

  async function kioskAction(id, action) {
    const r = await post(base() + '/kiosks/' + encodeURIComponent(id) + '/' + action, undefined, 'kiosk-status');
    if (r && r.ok) showKiosks(r.body.kiosks, r.body.token, r.body.token_qr);
  }

  async function loadKiosks() {
    const r = await L.api(base() + '/kiosks');
    if (r.ok) showKiosks(r.body.kiosks, null);
  }

  const ROLE = { admin: 'Quản trị tỉnh', manager: 'Quản lý đơn vị', staff: 'Cán bộ một cửa' };
  let unitFields = [];

  async function loadCounters() {
    const r = await L.api('/units/' + encodeURIComponent(unitId) + '/counters');
    if (!r.ok) return;
    const name = (id) => (unitFields.find((f) => f.id === id) || { name: id }).name;
    $('counters-body').replaceChildren(...r.body.counters.map((c) => L.el('tr', null,
      L.el('td', null, String(c.number)), L.el('td', null, c.name),
      L.el('td', null, c.fields.map(name).join(', ')))));
  }

  function showPolicy(p) {
    $('policy-rhythm').value = p.appointments_per_walk_in;
    $('policy-wait').value = p.max_wait_minutes;
    $('policy-recalls').value = p.recall_limit;
    $('policy-gap').value = p.recall_gap_seconds;
  }

  /* A new password for an account: asked in the row, never shown again. */
  function resetCell(u) {
    const input = L.el('input', { type: 'password', autocomplete: 'new-password',
      'aria-label': 'Mật khẩu mới cho ' + u.username });
    const b = L.el('button', { type: 'button', class: 'btn-plain' }, 'Đặt lại mật khẩu');
    b.addEventListener('click', async () => {
      const r = await post('/admin/users/' + encodeURIComponent(u.id) + '/password',
        { password: input.value }, 'user-status');
      if (r && r.ok) { input.value = ''; say('user-status', 'Đã đặt lại mật khẩu cho ' + u.username + '.'); }
    });
    return [input, b];
  }

  async function loadUsers() {
    const r = await L.api('/admin/users?unit=' + encodeURIComponent(unitId));
    if (!r.ok) return;
    $('users-body').replaceChildren(...r.body.users.map((u) => {
      const actions = L.el('td');
      if (!u.disabled && u.id !== user.id) {
        const off = L.el('button', { type: 'button', class: 'btn-plain' }, 'Khóa tài khoản');
        off.addEventListener('click', async () => {
          const x = await post('/admin/users/' + encodeURIComponent(u.id) + '/disable', undefined, 'user-status');
          if (x && x.ok) loadUsers();
        });
        actions.append(...resetCell(u), off);
      }
      return L.el('tr', { 'data-user': u.username }, L.el('td', null, u.username), L.el('td', null, u.name),
        L.el('td', null, ROLE[u.role] || u.role), L.el('td', null, u.disabled ? 'Đã khóa' : 'Đang dùng'), actions);
    }));
  }

  function bindTeamForms() {
    $('counter-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const fields = [...document.querySelectorAll('#counter-fields input:checked')].map((i) => i.value);
      const r = await post('/units/' + encodeURIComponent(unitId) + '/counters',
        { name: $('counter-name').value, number: number('counter-number'), fields }, 'counter-status');
      if (r && r.ok) { $('counter-form').reset(); loadCounters(); }
    });
    $('policy-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post('/units/' + encodeURIComponent(unitId) + '/queue-policy', {
        appointments_per_walk_in: number('policy-rhythm'), max_wait_minutes: number('policy-wait'),
        recall_limit: number('policy-recalls'), recall_gap_seconds: number('policy-gap'),
      }, 'counter-status');
      if (r && r.ok) showPolicy(r.body);
    });
    $('user-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post('/admin/users', { username: $('user-username').value.trim(),
        name: $('user-name').value, role: $('user-role').value, unit: unitId,
        password: $('user-password').value }, 'user-status');
      if (r && r.ok) { $('user-form').reset(); loadUsers(); }
    });
  }

  /* The last 50 entries of the unit shown (an admin's search covers the unit chosen). */
  async function loadAudit() {
    const q = $('audit-q').value.trim();
    const r = await L.api('/admin/audit?limit=50&unit=' + encodeURIComponent(unitId)
      + (q ? '&q=' + encodeURIComponent(q) : ''));
    if (!r.ok) { error(L.errorMessage(r)); return; }
    $('audit-body').replaceChildren(...r.body.entries.map((e) => L.el('tr', null,
      L.el('td', null, L.dateShort(e.at.slice(0, 10)) + ' ' + L.timeOf(e.at)),
      L.el('td', null, e.user || ''), L.el('td', null, e.action),
      L.el('td', null, e.target || ''), L.el('td', null, e.detail || ''))));
  }

  function bindServerForms() {
    $('province-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post('/admin/settings/province', { province: $('province').value }, 'server-status');
      if (r && r.ok) location.reload(); /* every page carries the new name */
    });
    $('retention-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      await post('/admin/settings/retention', { retention_days: number('retention') }, 'server-status');
    });
  }

  function bind() {
    $('slot-weekdays').append(...WEEKDAYS.map((w) => L.el('label', null,
      L.el('input', { type: 'checkbox', value: w[0] }), ' ' + w[1] + ' ')));
    bindForms();
    bindTeamForms();
    $('kiosk-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = await post(base() + '/kiosks', { id: $('kiosk-id').value.trim(), name: $('kiosk-name').value },
        'kiosk-status');
      if (r && r.ok) { showKiosks(r.body.kiosks, r.body.token, r.body.token_qr); $('kiosk-form').reset(); }
    });
    $('audit-form').addEventListener('submit', (ev) => { ev.preventDefault(); loadAudit(); });
    $('confirm-no').addEventListener('click', () => {
      $('confirm-box').hidden = true;
      say(pending.statusId, 'Không thay đổi.');
      pending = null;
    });
    $('confirm-yes').addEventListener('click', () => {
      const p = pending;
      pending = null;
      if (p) capacityChange(p.path, Object.assign({}, p.json, { confirm: true }), p.statusId, p.done);
    });
    $('unit-select').addEventListener('change', () => {
      unitId = $('unit-select').value;
      showAffected([]);
      loadUnit();
    });
    $('logout-button').addEventListener('click', async () => {
      await L.api('/auth/logout', { method: 'POST' }).catch(() => {});
      location.assign('/dang-nhap');
    });
  }

  async function units() {
    if (user.unit) return [user.unit];
    const r = await L.api('/units');
    return r.ok ? r.body.units.map((u) => ({ id: u.id, name: u.name })) : [];
  }

  async function start() {
    let me;
    try { me = await L.api('/auth/me'); } catch (e) { error(L.NETWORK_MESSAGE); return; }
    if (!me.ok) { location.assign('/dang-nhap'); return; }
    user = me.body.user;
    if (user.role === 'staff') { location.assign('/quay'); return; }
    $('who').textContent = user.name + ' · ' + (user.unit ? user.unit.name : 'toàn tỉnh');
    const list = await units();
    $('unit-select').replaceChildren(...list.map((u) => L.el('option', { value: u.id }, u.name)));
    unitId = list.length ? list[0].id : null;
    bind();
    if (user.role === 'admin') {
      $('server-section').hidden = false;
      bindServerForms();
      await loadServer();
      if (window.LaysoCalendarAdmin) window.LaysoCalendarAdmin.start({ post, capacityChange, say });
    }
    if (unitId) await loadUnit();
  }

  start();
})();
