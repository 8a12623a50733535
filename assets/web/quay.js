/* /quay: the counter console. The signed-in staff member picks a counter (remembered in this
 * browser), sees its current ticket and the waiting lists in calling order, and acts with the
 * buttons or their keys. The unit's event stream triggers a reload of both lists, so two
 * consoles never show a stale queue; the stream reconnects by itself. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const KIND = { appointment: 'Có hẹn', walk_in: 'Không hẹn' };
  const KEYS = { n: 'next', r: 'recall', b: 'skip', h: 'done' };
  let user = null, unit = null, counters = [], fields = [], stream = null, reloadTimer = null;

  function error(text) {
    $('console-error').textContent = text || '';
    $('console-error').hidden = !text;
  }

  function counterId() { return $('counter').value; }
  function currentCounter() { return counters.find((c) => c.id === counterId()) || null; }

  function showCurrent() {
    const c = currentCounter();
    const t = c && c.serving;
    $('current-number').textContent = t ? t.number : '—';
    L.fillSummary($('current-details'), t ? [
      ['Họ tên', t.name || '(không hẹn)'],
      ['Lĩnh vực', t.field.name || t.field.id],
      ['Loại', KIND[t.kind] + (t.priority ? ' · ưu tiên' : '')],
      ['Lấy số lúc', L.timeOf(t.issued_at)],
      ['Số lần gọi', String((t.recalls || 0) + 1)],
    ] : []);
    $('pause-button').textContent = c && c.paused ? 'Tiếp tục (T)' : 'Tạm nghỉ (T)';
  }

  function ticketItem(t) {
    const bits = [t.number, ' – ', KIND[t.kind]];
    if (t.priority) bits.push(' · ưu tiên');
    if (t.name) bits.push(' · ', t.name);
    bits.push(' · ', L.timeOf(t.issued_at));
    if (t.printed === false) bits.push(' · chưa in phiếu');
    return L.el('li', { 'data-ticket': t.id }, bits.join(''));
  }

  function showQueue(q) {
    const box = $('queue');
    box.replaceChildren();
    const mine = (currentCounter() || { fields: [] }).fields;
    for (const f of q.fields) {
      if (mine.length && !mine.includes(f.id)) continue;
      const list = L.el('ol', { class: 'waiting' });
      for (const t of f.waiting) list.append(ticketItem(t));
      box.append(L.el('h3', null, f.name + ' (' + f.waiting.length + ' đang chờ)'),
        f.waiting.length ? list : L.el('p', { class: 'status' }, 'Không có ai đang chờ'));
    }
  }

  async function reload() {
    const base = '/units/' + encodeURIComponent(unit.id);
    const [c, q] = await Promise.all([L.api(base + '/counters'), L.api(base + '/queue')]);
    if (c.status === 401 || q.status === 401) { location.assign('/dang-nhap'); return; }
    if (!c.ok || !q.ok) { error(L.errorMessage(c.ok ? q : c)); return; }
    counters = c.body.counters;
    fields = q.body.fields;
    const keep = counterId() || localStorage.getItem('layso-counter');
    $('counter').replaceChildren(...counters.map((k) => L.el('option', { value: k.id }, k.name)));
    if (counters.some((k) => k.id === keep)) $('counter').value = keep;
    showCurrent();
    showQueue(q.body);
  }

  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => reload().catch(() => error(L.NETWORK_MESSAGE)), 100);
  }

  async function act(action, json) {
    if (!counterId()) return;
    $('action-status').textContent = 'Đang xử lý...';
    let r;
    try {
      r = await L.api('/counters/' + encodeURIComponent(counterId()) + '/' + action,
        { method: 'POST', json: json || {} });
    } catch (e) {
      $('action-status').textContent = L.NETWORK_MESSAGE;
      return;
    }
    if (r.status === 401) { location.assign('/dang-nhap'); return; }
    $('action-status').textContent = r.ok ? '' : L.errorMessage(r);
    await reload();
  }

  function openTransfer() {
    const c = currentCounter();
    if (!c || !c.serving) { $('action-status').textContent = 'Quầy chưa gọi số nào'; return; }
    $('transfer-field').replaceChildren(...fields.filter((f) => f.id !== c.serving.field.id)
      .map((f) => L.el('option', { value: f.id }, f.name)));
    $('transfer-dialog').showModal();
  }

  function togglePause() {
    const c = currentCounter();
    act(c && c.paused ? 'resume' : 'pause');
  }

  function listen() {
    if (stream) stream.close();
    stream = new EventSource('/api/v1/units/' + encodeURIComponent(unit.id) + '/events');
    let last = Date.now();
    for (const type of ['snapshot', 'called', 'counter', 'queue', 'ping']) {
      stream.addEventListener(type, () => {
        last = Date.now();
        $('connection').hidden = true;
        if (type !== 'ping') reloadSoon();
      });
    }
    /* no event for 10 s: say so, and start a new stream if the browser gave up */
    setInterval(() => {
      if (Date.now() - last < 10000) return;
      $('connection').hidden = false;
      if (stream.readyState === EventSource.CLOSED) listen();
    }, 2000);
  }

  function bind() {
    for (const b of document.querySelectorAll('#buttons [data-action]'))
      b.addEventListener('click', () => act(b.dataset.action));
    $('transfer-button').addEventListener('click', openTransfer);
    $('pause-button').addEventListener('click', togglePause);
    $('transfer-no').addEventListener('click', () => $('transfer-dialog').close());
    $('transfer-yes').addEventListener('click', () => {
      $('transfer-dialog').close();
      act('transfer', { field: $('transfer-field').value });
    });
    $('counter').addEventListener('change', () => {
      localStorage.setItem('layso-counter', counterId());
      reload();
    });
    $('logout-button').addEventListener('click', async () => {
      await L.api('/auth/logout', { method: 'POST' }).catch(() => {});
      location.assign('/dang-nhap');
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.ctrlKey || ev.altKey || ev.metaKey || $('transfer-dialog').open) return;
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) return;
      const k = ev.key.toLowerCase();
      if (KEYS[k]) { ev.preventDefault(); act(KEYS[k]); }
      else if (k === 'c') { ev.preventDefault(); openTransfer(); }
      else if (k === 't') { ev.preventDefault(); togglePause(); }
    });
  }

  async function start() {
    let me;
    try { me = await L.api('/auth/me'); } catch (e) { error(L.NETWORK_MESSAGE); return; }
    if (!me.ok) { location.assign('/dang-nhap'); return; }
    user = me.body.user;
    unit = user.unit;
    if (!unit) { error('Tài khoản quản trị tỉnh không gắn với quầy nào.'); return; }
    $('who').textContent = user.name + ' · ' + unit.name;
    bind();
    await reload();
    listen();
  }

  start();
})();
