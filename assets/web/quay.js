/* /quay: the counter console. Staff pick their counter (remembered on this computer), see the
 * ticket they are serving and the waiting lists in calling order, and act with buttons or
 * one-key shortcuts. Every event of the unit's stream makes the page read the counters and
 * the queue again, so two staff never look at a stale list. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const KIND = { appointment: 'Lịch hẹn', walk_in: 'Vãng lai' };
  const DONE = {
    next: (t) => 'Đã gọi số ' + t.number + '.',
    recall: (t) => t.state === 'skipped' ? 'Số ' + t.number + ' đã gọi quá số lần cho phép và được chuyển sang bỏ qua.'
                                          : 'Đã gọi lại số ' + t.number + '.',
    skip: (t) => 'Đã bỏ qua số ' + t.number + ' (vắng mặt).',
    done: (t) => 'Đã hoàn thành số ' + t.number + '.',
    transfer: (t) => 'Đã chuyển số ' + t.number + ' sang ' + t.field.name + '.',
    pause: () => 'Quầy đã tạm nghỉ.',
    resume: () => 'Quầy đã làm việc trở lại.',
    requeue: (t) => 'Đã đưa số ' + t.number + ' trở lại hàng chờ.',
  };
  const ERRORS = {
    queue_empty: 'Không còn ai đang chờ ở các lĩnh vực của quầy này.',
    no_current_ticket: 'Quầy chưa có số nào đang phục vụ.',
    counter_paused: 'Quầy đang tạm nghỉ. Bấm "Tiếp tục" (phím T) để gọi số.',
    forbidden: 'Bạn không có quyền thao tác tại quầy này.',
    invalid_transition: 'Số này không còn trong danh sách bỏ qua.',
  };
  const state = { user: null, unit: null, counters: [], queue: [], counterId: '', busy: false };
  let stream = null, refreshing = null, again = false;

  function toSignIn() { location.assign('/dang-nhap?next=/quay'); }
  function status(text) { $('console-status').textContent = text || ''; $('console-status').hidden = !text; }
  function actionError(text) { $('action-error').textContent = text || ''; $('action-error').hidden = !text; }
  function storageKey() { return 'layso.quay.counter.' + (state.unit ? state.unit.id : ''); }
  function counter() { return state.counters.find((k) => k.id === state.counterId) || null; }

  function errorText(r) {
    const code = r.body && r.body.error && r.body.error.code;
    if (code === 'recall_too_soon') {
      const s = Number(r.headers.get('Retry-After')) || 10;
      return 'Vừa gọi số này, vui lòng chờ ' + s + ' giây rồi gọi lại.';
    }
    return ERRORS[code] || L.errorMessage(r);
  }

  /* --- reading -------------------------------------------------------------------------- */

  async function load() {
    if (!state.unit) return;
    const base = '/units/' + encodeURIComponent(state.unit.id);
    const [c, q] = await Promise.all([L.api(base + '/counters'), L.api(base + '/queue')]);
    if (c.status === 401 || q.status === 401) { toSignIn(); return; }
    if (!c.ok || !q.ok) { status(L.errorMessage(c.ok ? q : c)); return; }
    state.counters = c.body.counters || [];
    state.queue = q.body.fields || [];
    status('');
    render();
  }

  /* One read at a time; events that come meanwhile ask for one more. */
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        try { await load(); } catch (e) { status(L.NETWORK_MESSAGE); }
      } while (again);
    })();
    await refreshing;
    refreshing = null;
  }

  /* --- drawing -------------------------------------------------------------------------- */

  function renderCounterChoice() {
    const select = $('counter');
    const options = state.counters.map((k) => L.el('option', { value: k.id }, k.name + (k.paused ? ' (tạm nghỉ)' : '')));
    select.replaceChildren(L.el('option', { value: '' }, '— Chọn quầy —'), ...options);
    if (!counter()) state.counterId = '';
    select.value = state.counterId;
  }

  function ticketRows(t) {
    const rows = [['Họ và tên', t.name || (t.kind === 'walk_in' ? 'Khách vãng lai' : '—')],
      ['Lĩnh vực', t.field.name || t.field.id],
      ['Loại', (KIND[t.kind] || t.kind) + (t.priority ? ' · Ưu tiên' : '')]];
    if (t.slot) rows.push(['Khung giờ', L.slotLabel(t.slot)]);
    if (t.called_at) rows.push(['Gọi lúc', L.timeOf(t.called_at)]);
    if (t.recalls) rows.push(['Đã gọi lại', t.recalls + ' lần']);
    if (t.printed === false) rows.push(['Phiếu', 'chưa in phiếu']);
    return rows;
  }

  function renderCurrent(k) {
    const t = k.serving;
    $('current-number').textContent = t ? t.number : '—';
    L.fillSummary($('current-details'), t ? ticketRows(t) : []);
    $('current-empty').hidden = !!t;
    $('paused-note').hidden = !k.paused;
    const pause = $('act-pause');
    pause.dataset.action = k.paused ? 'resume' : 'pause';
    pause.firstChild.textContent = k.paused ? 'Tiếp tục ' : 'Tạm nghỉ ';
  }

  function waitingItem(t) {
    return L.el('li', { class: 'waiting-item', 'data-ticket': t.id },
      L.el('span', { class: 'waiting-number' }, t.number),
      L.el('span', { class: 'waiting-name' }, t.name || 'Khách vãng lai'),
      L.el('span', { class: 'badge' }, KIND[t.kind] || t.kind),
      t.priority ? L.el('span', { class: 'badge badge-priority' }, 'Ưu tiên') : null,
      t.printed === false ? L.el('span', { class: 'badge badge-cancelled' }, 'chưa in phiếu') : null,
      L.el('span', { class: 'waiting-time' }, 'lấy số ' + L.timeOf(t.issued_at)));
  }

  /* A skipped ticket, offered back to the queue when the citizen turns up. */
  function skippedItem(t) {
    const back = L.el('button', { type: 'button', class: 'btn-plain btn-small' }, 'Đưa lại vào hàng chờ');
    back.addEventListener('click', () => requeue(t));
    return L.el('li', { class: 'waiting-item', 'data-ticket': t.id },
      L.el('span', { class: 'waiting-number' }, t.number),
      L.el('span', { class: 'waiting-name' }, t.name || 'Khách vãng lai'), back);
  }

  function fieldList(f) {
    const list = f.waiting || [];
    const skipped = f.skipped || [];
    return L.el('section', { class: 'field-queue', 'data-field': f.id },
      L.el('h3', null, f.name + ' ', L.el('span', { class: 'count' }, '(' + list.length + ' đang chờ)')),
      list.length ? L.el('ol', { class: 'waiting-list' }, ...list.map(waitingItem))
                  : L.el('p', { class: 'status' }, 'Không có ai đang chờ.'),
      skipped.length ? L.el('details', { class: 'skipped-list' },
        L.el('summary', null, 'Đã bỏ qua hôm nay (' + skipped.length + ')'),
        L.el('ul', { class: 'waiting-list' }, ...skipped.map(skippedItem))) : null);
  }

  function renderWaiting(k) {
    const mine = state.queue.filter((f) => k.fields.includes(f.id));
    const others = state.queue.filter((f) => !k.fields.includes(f.id));
    const parts = mine.map(fieldList);
    if (others.length) {
      const total = others.reduce((n, f) => n + (f.waiting || []).length, 0);
      parts.push(L.el('details', { class: 'other-fields' },
        L.el('summary', null, 'Các lĩnh vực khác (' + total + ' đang chờ)'), ...others.map(fieldList)));
    }
    $('waiting-lists').replaceChildren(...parts);
  }

  function render() {
    renderCounterChoice();
    const k = counter();
    $('pick').hidden = false;
    $('console').hidden = !k;
    if (!k) return;
    renderCurrent(k);
    renderWaiting(k);
  }

  /* --- acting --------------------------------------------------------------------------- */

  function act(action, body) {
    const k = counter();
    if (k) send('/counters/' + encodeURIComponent(k.id) + '/' + action, action, body);
  }

  function requeue(t) {
    send('/tickets/' + encodeURIComponent(t.id) + '/requeue', 'requeue');
  }

  async function send(path, action, body) {
    if (state.busy) return;
    state.busy = true;
    actionError('');
    $('action-done').textContent = '';
    let r;
    try {
      r = await L.api(path, Object.assign({ method: 'POST' }, body ? { json: body } : {}));
    } catch (e) {
      r = null;
    }
    state.busy = false;
    if (!r) { actionError(L.NETWORK_MESSAGE); return; }
    if (r.status === 401) { toSignIn(); return; }
    if (!r.ok) actionError(errorText(r));
    else $('action-done').textContent = DONE[action] ? DONE[action](r.body.ticket || {}) : '';
    refresh();
  }

  function openTransfer() {
    const k = counter();
    if (!k) return;
    if (!k.serving) { actionError(ERRORS.no_current_ticket); return; }
    const fields = state.unit.fields.filter((f) => f.id !== k.serving.field.id);
    $('transfer-number').textContent = k.serving.number;
    $('transfer-field').replaceChildren(...fields.map((f) => L.el('option', { value: f.id }, f.prefix + ' · ' + f.name)));
    $('transfer-dialog').showModal();
    $('transfer-field').focus();
  }

  function onAction(action) {
    if (action === 'transfer') openTransfer();
    else act(action);
  }

  /* One key per button, while no text box, list or dialog has the keyboard. */
  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return;
    if (e.target.closest && e.target.closest('input, select, textarea, dialog')) return;
    if ($('console').hidden) return;
    const button = document.querySelector('.console-actions button[data-key="' + e.key.toLowerCase() + '"]');
    if (!button || button.disabled) return;
    e.preventDefault();
    button.focus();
    onAction(button.dataset.action);
  }

  /* --- start ---------------------------------------------------------------------------- */

  function chooseCounter(id) {
    state.counterId = id;
    try { localStorage.setItem(storageKey(), id); } catch (e) { /* private mode: not remembered */ }
    actionError('');
    $('action-done').textContent = '';
    render();
  }

  async function openUnit(unitId) {
    const r = await L.api('/units/' + encodeURIComponent(unitId));
    if (!r.ok) { status(L.errorMessage(r)); return; }
    state.unit = r.body;
    try { state.counterId = localStorage.getItem(storageKey()) || ''; } catch (e) { state.counterId = ''; }
    if (stream) stream.close();
    const later = () => refresh();
    stream = L.liveStream(unitId, { snapshot: later, called: later, counter: later, queue: later }, (up) => {
      $('live-status').textContent = up ? 'Danh sách tự cập nhật trực tiếp.' : 'Mất kết nối – đang kết nối lại…';
      $('live-status').classList.toggle('error', !up);
    });
    await refresh();
  }

  /* Admins serve no unit of their own: they choose one. */
  async function chooseUnit() {
    const r = await L.api('/units');
    const units = r.ok ? r.body.units : [];
    const select = $('unit');
    select.replaceChildren(...units.map((u) => L.el('option', { value: u.id }, u.name)));
    let saved = '';
    try { saved = localStorage.getItem('layso.quay.unit') || ''; } catch (e) { saved = ''; }
    if (units.some((u) => u.id === saved)) select.value = saved;
    $('unit-field').hidden = false;
    select.addEventListener('change', () => {
      try { localStorage.setItem('layso.quay.unit', select.value); } catch (e) { /* not remembered */ }
      openUnit(select.value);
    });
    if (select.value) openUnit(select.value);
  }

  async function init() {
    let r;
    try { r = await L.api('/auth/me'); } catch (e) { status(L.NETWORK_MESSAGE); return; }
    if (r.status === 401) { toSignIn(); return; }
    if (!r.ok) { status(L.errorMessage(r)); return; }
    state.user = r.body.user;
    $('user-name').textContent = state.user.name || state.user.username;
    if (state.user.unit) await openUnit(state.user.unit.id);
    else await chooseUnit();
  }

  /* the shortcuts work once the list no longer has the keyboard */
  $('counter').addEventListener('change', (e) => {
    chooseCounter(e.target.value);
    if (!$('console').hidden) $('act-next').focus();
  });
  for (const b of document.querySelectorAll('.console-actions button'))
    b.addEventListener('click', () => onAction(b.dataset.action));
  document.addEventListener('keydown', onKey);
  $('transfer-cancel').addEventListener('click', () => $('transfer-dialog').close());
  $('transfer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('transfer-dialog').close();
    act('transfer', { field: $('transfer-field').value });
  });
  $('logout-button').addEventListener('click', async () => {
    try { await L.api('/auth/logout', { method: 'POST' }); } catch (e) { /* signed out below anyway */ }
    location.assign('/dang-nhap');
  });
  init();
})();
