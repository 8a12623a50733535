/* /dat-lich: booking form → confirm → success, following the province's procedure
 * (docs/architecture.md, rules).
 * The form keeps its values across steps; the server remains the judge of every rule. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);

  const form = $('booking-form');
  const steps = { form: $('step-form'), confirm: $('step-confirm'), success: $('step-success') };
  const CCCD_RE = /^\d{12}$/;
  /* The guide's phone rule: 0 and 10 digits; +84 / 84 + 9 digits is the same number
   * (common/validate.c layso_phone_normalize is the judge). */
  const PHONE_RE = /^0\d{9}$/;
  const NAME_RE = /^[\p{L}\p{M}][\p{L}\p{M} '.-]*$/u;
  const SCAN_MAX_BYTES = 8 * 1024 * 1024;
  const SCAN_MAX_PIXELS = 4000000;     /* LAYSO_SCAN_MAX_PIXELS */
  const SCAN_SCALED_PIXELS = 3800000;  /* a little under it, whatever the rounding */

  const state = {
    units: [],          /* [{id, name, address}] */
    unit: null,         /* {id, name, fields: [...]} */
    days: [],
    slots: [],
    attemptKey: null,   /* Idempotency-Key of the current confirm attempt */
    sending: false,
    booking: null,
  };
  let loadSeq = 0;      /* drops answers that arrive after a newer choice */

  function checked(name) {
    const input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : '';
  }
  function digits(s) { return s.replace(/[\s.-]/g, ''); }
  function phoneOf(s) {
    const d = digits(s.trim());
    if (/^\+?84\d{9}$/.test(d)) return '0' + d.slice(-9);
    return d;
  }

  function showStep(name) {
    for (const [k, node] of Object.entries(steps)) node.hidden = k !== name;
    const heading = steps[name].querySelector('[tabindex="-1"]');
    if (heading) heading.focus();
    window.scrollTo(0, 0);
  }

  /* ---------- units ---------- */

  function choice(name, value, main, sub, opts) {
    const o = opts || {};
    const input = L.el('input', { type: 'radio', name: name, value: value, disabled: !!o.disabled });
    const label = L.el('label', { class: 'choice' + (o.cls ? ' ' + o.cls : '') }, input,
      L.el('span', null, main, sub ? L.el('small', null, sub) : null));
    return label;
  }

  async function loadUnits() {
    const status = $('unit-status');
    try {
      const r = await L.api('/units');
      if (!r.ok || !r.body) throw new Error(L.errorMessage(r));
      state.units = r.body.units || [];
      const list = $('unit-list');
      list.replaceChildren(...state.units.map((u) => {
        const c = choice('unit', u.id, u.name, u.address);
        c.dataset.search = L.fold(u.name + ' ' + u.address);
        return c;
      }));
      filterUnits();
    } catch (e) {
      status.textContent = e instanceof TypeError ? L.NETWORK_MESSAGE : e.message;
    }
  }

  function filterUnits() {
    const q = $('unit-q').value;
    let shown = 0;
    for (const label of $('unit-list').children) {
      const ok = L.matches(label.dataset.search, q);
      label.hidden = !ok;
      if (ok) shown++;
    }
    const status = $('unit-status');
    status.hidden = false;
    status.textContent = shown === 0 ? 'Không tìm thấy đơn vị phù hợp.' :
      (q.trim() ? 'Tìm thấy ' + shown + ' đơn vị.' : 'Chọn một trong ' + shown + ' đơn vị.');
  }

  async function onUnitChosen(unitId) {
    const seq = ++loadSeq;
    state.unit = null; state.days = []; state.slots = [];
    $('field-list').replaceChildren();
    $('day-list').replaceChildren();
    $('slot-list').replaceChildren();
    $('slot-group').hidden = true;
    const [ur, dr] = await Promise.all([
      L.api('/units/' + encodeURIComponent(unitId)),
      L.api('/units/' + encodeURIComponent(unitId) + '/days'),
    ]).catch(() => [null, null]);
    if (seq !== loadSeq) return;
    if (!ur || !ur.ok || !dr || !dr.ok) {
      showFormError(ur && !ur.ok ? L.errorMessage(ur) : dr && !dr.ok ? L.errorMessage(dr) : L.NETWORK_MESSAGE);
      return;
    }
    state.unit = ur.body;
    state.days = dr.body.days || [];
    $('field-list').replaceChildren(...(state.unit.fields || []).map((f) => choice('field', f.id, f.name)));
    $('field-group').hidden = false;
    renderDays();
  }

  function renderDays() {
    $('day-list').replaceChildren(...state.days.map((d) => {
      const p = L.parseDate(d.date);
      const c = choice('date', d.date, '', null);
      const span = c.querySelector('span');
      span.replaceChildren(L.weekdayShort(d.date), L.el('b', null, String(p.d)), p.m + '/' + p.y);
      c.querySelector('input').setAttribute('aria-label', L.dateLong(d.date));
      return c;
    }));
    const status = $('day-status');
    status.hidden = state.days.length > 0;
    status.textContent = 'Đơn vị chưa có ngày nhận đặt lịch trong thời gian tới.';
    $('day-group').hidden = false;
  }

  async function loadSlots() {
    const unit = checked('unit'), field = checked('field'), date = checked('date');
    if (!unit || !field || !date) return;
    const seq = ++loadSeq;
    const status = $('slot-status');
    $('slot-group').hidden = false;
    status.hidden = false;
    status.textContent = 'Đang tải khung giờ…';
    let r;
    try {
      r = await L.api('/units/' + encodeURIComponent(unit) + '/slots?date=' + encodeURIComponent(date) +
                      '&field=' + encodeURIComponent(field));
    } catch (e) {
      if (seq === loadSeq) status.textContent = L.NETWORK_MESSAGE;
      return;
    }
    if (seq !== loadSeq) return;
    if (!r.ok) { status.textContent = L.errorMessage(r); $('slot-list').replaceChildren(); return; }
    const previous = checked('slot');
    state.slots = r.body.slots || [];
    $('slot-list').replaceChildren(...state.slots.map((s) => {
      const c = choice('slot', s.id, L.el('b', null, L.slotLabel(s)),
        s.full ? 'Khung giờ này đã hết lượt đặt chỗ' : 'Còn ' + s.remaining + ' chỗ',
        { disabled: s.full, cls: s.full ? 'full' : '' });
      if (s.id === previous && !s.full) c.querySelector('input').checked = true;
      return c;
    }));
    status.hidden = state.slots.length > 0;
    status.textContent = 'Không có khung giờ trong ngày này.';
  }

  /* ---------- validation ---------- */

  const GROUPS = {
    name: { input: 'name', error: 'name-error', missing: 'Vui lòng nhập họ và tên.' },
    cccd: { input: 'cccd', error: 'cccd-error', missing: 'Vui lòng nhập số căn cước công dân.' },
    phone: { input: 'phone', error: 'phone-error' },
    unit: { input: 'unit-group', error: 'unit-error', missing: 'Vui lòng chọn đơn vị.' },
    field: { input: 'field-group', error: 'field-error', missing: 'Vui lòng chọn lĩnh vực thực hiện.' },
    date: { input: 'day-group', error: 'day-error', missing: 'Vui lòng chọn ngày hẹn.' },
    slot: { input: 'slot-group', error: 'slot-error', missing: 'Vui lòng chọn khung giờ.' },
    consent: { input: 'consent-box', error: 'consent-error', missing: 'Vui lòng đánh dấu đồng ý xử lý dữ liệu cá nhân.' },
  };

  function setFieldError(key, message) {
    const g = GROUPS[key];
    if (!g) return;
    const input = $(g.input), err = $(g.error);
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      if (key === 'consent') $('consent').setAttribute('aria-invalid', 'true');
      err.textContent = message;
      err.hidden = false;
    } else {
      input.removeAttribute('aria-invalid');
      if (key === 'consent') $('consent').removeAttribute('aria-invalid');
      err.textContent = '';
      err.hidden = true;
    }
  }
  function clearErrors() {
    for (const key of Object.keys(GROUPS)) setFieldError(key, null);
    $('form-error').hidden = true;
  }
  function showFormError(message) {
    const box = $('form-error');
    box.textContent = message;
    box.hidden = false;
  }

  function readForm() {
    return {
      name: $('name').value.trim().replace(/\s+/g, ' '),
      cccd: digits($('cccd').value),
      phone: phoneOf($('phone').value),
      unit: checked('unit'),
      field: checked('field'),
      date: checked('date'),
      slot: checked('slot'),
      consent: $('consent').checked,
    };
  }

  /* Missing fields first (one common message), then each field's own format message. */
  function validate(v) {
    const missing = [], invalid = {};
    for (const key of ['name', 'cccd', 'unit', 'field', 'date', 'slot', 'consent'])
      if (!v[key]) missing.push(key);
    if (v.name && !NAME_RE.test(v.name))
      invalid.name = 'Họ và tên chỉ gồm chữ cái và khoảng trắng.';
    if (v.cccd && !CCCD_RE.test(v.cccd))
      invalid.cccd = 'Số căn cước công dân phải gồm đúng 12 chữ số.';
    if (v.phone && !PHONE_RE.test(v.phone))
      invalid.phone = 'Số điện thoại phải bắt đầu bằng 0 và có 10 chữ số (ví dụ: 0987654321).';
    return { missing, invalid };
  }

  function onSubmit(ev) {
    ev.preventDefault();
    clearErrors();
    const v = readForm();
    const { missing, invalid } = validate(v);
    for (const key of missing) setFieldError(key, GROUPS[key].missing);
    for (const [key, msg] of Object.entries(invalid)) setFieldError(key, msg);
    if (missing.length) showFormError('Vui lòng điền đầy đủ thông tin');
    const bad = missing.concat(Object.keys(invalid));
    if (bad.length) {
      const order = Object.keys(GROUPS).filter((k) => bad.includes(k));
      focusGroup(order[0]);
      return;
    }
    $('cccd').value = v.cccd;
    $('phone').value = v.phone;
    showConfirm(v);
  }

  function focusGroup(key) {
    const g = GROUPS[key];
    const node = $(g.input);
    const target = node.matches('input') ? node : node.querySelector('input:not([disabled]):not([type=search])') || node;
    if (target.hidden || target.closest('[hidden]')) { node.scrollIntoView({ block: 'center' }); return; }
    target.focus();
    node.scrollIntoView({ block: 'center' });
  }

  /* ---------- confirm ---------- */

  function labels(v) {
    const field = (state.unit && state.unit.fields || []).find((f) => f.id === v.field);
    const slot = state.slots.find((s) => s.id === v.slot);
    return {
      unit: state.unit ? state.unit.name : v.unit,
      field: field ? field.name : v.field,
      slot: slot ? L.slotLabel(slot) : v.slot,
    };
  }

  function showConfirm(v) {
    const t = labels(v);
    const rows = [['Họ và tên', v.name, 'name'], ['Số CCCD', v.cccd, 'cccd']];
    if (v.phone) rows.push(['Số điện thoại', v.phone, 'phone']);
    rows.push(['Đơn vị', t.unit, 'unit'], ['Lĩnh vực', t.field, 'field'],
              ['Ngày hẹn', L.dateLong(v.date), 'date'], ['Khung giờ', t.slot, 'slot']);
    L.fillSummary($('confirm-summary'), rows);
    $('confirm-error').hidden = true;
    $('confirm-button').hidden = false;
    $('confirm-button').disabled = false;
    $('pick-slot-button').hidden = true;
    state.attemptKey = null;
    state.pending = v;
    showStep('confirm');
    history.pushState({ step: 'confirm' }, '');
  }

  /* link: [text, href] shown after the message, e.g. the way to /tra-cuu after a duplicate */
  function confirmError(message, offerNewSlot, link) {
    const box = $('confirm-error');
    box.replaceChildren(L.el('span', null, message));
    if (link) box.append(' ', L.el('a', { href: link[1], id: 'confirm-error-link' }, link[0]));
    box.hidden = false;
    $('pick-slot-button').hidden = !offerNewSlot;
    $('confirm-button').hidden = !!offerNewSlot;
    if (offerNewSlot) $('pick-slot-button').focus();
  }

  async function postBooking(v) {
    const payload = { name: v.name, cccd: v.cccd, unit: v.unit, field: v.field, date: v.date,
                      slot: v.slot, consent: true };
    if (v.phone) payload.phone = v.phone;
    /* Network errors and gateway hiccups are retried with the SAME key: if the first request did
     * book, the server answers with that booking instead of making a second one. */
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await L.api('/bookings', { method: 'POST', json: payload,
                                             headers: { 'Idempotency-Key': state.attemptKey } });
        if (![502, 503, 504].includes(r.status) || attempt >= 2) return r;
      } catch (e) {
        if (attempt >= 2) return null;
      }
      await L.sleep(600 * (attempt + 1));
    }
  }

  async function onConfirm() {
    if (state.sending) return;
    const button = $('confirm-button');
    state.sending = true;
    button.disabled = true;
    $('back-button').disabled = true;
    button.textContent = 'Đang gửi…';
    $('confirm-error').hidden = true;
    if (!state.attemptKey) state.attemptKey = L.newIdempotencyKey();
    const r = await postBooking(state.pending);
    state.sending = false;
    button.disabled = false;
    $('back-button').disabled = false;
    button.textContent = '✓ Xác nhận đăng ký';

    if (!r) { confirmError(L.NETWORK_MESSAGE + ' Bấm “Xác nhận đăng ký” để gửi lại.', false); return; }
    if (r.ok && r.body && r.body.code) { showSuccess(r.body); return; }
    state.attemptKey = null;   /* the server said no: nothing was booked, the next try is new */
    const code = r.body && r.body.error ? r.body.error.code : '';
    if (code === 'slot_full') {
      confirmError('Khung giờ bạn chọn vừa hết lượt đặt chỗ. Vui lòng chọn khung giờ khác.', true);
    } else if (code === 'date_not_bookable') {
      confirmError(L.errorMessage(r, 'Ngày hẹn này không còn nhận đặt lịch.') + ' Vui lòng chọn ngày khác.', true);
    } else if (r.status === 400 && r.body && r.body.error && GROUPS[r.body.error.field]) {
      backToForm();
      setFieldError(r.body.error.field, L.errorMessage(r));
      showFormError(L.errorMessage(r));
      focusGroup(r.body.error.field);
    } else if (code === 'duplicate_booking') {
      /* not a dead end: what they already hold can be seen, re-downloaded or cancelled */
      confirmError(L.errorMessage(r), false,
                   ['Xem, tải lại hoặc hủy lịch đã đặt tại trang Tra cứu', '/tra-cuu']);
    } else if (r.status === 429) {
      confirmError(L.errorMessage(r, 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.'), false);
    } else {
      confirmError(L.errorMessage(r), false);
    }
  }

  /* The confirm step has its own history entry, so a phone's Back button returns to the form
   * (values kept) instead of leaving the page. */
  let ignoreNextPop = false;
  function backToForm() {
    state.attemptKey = null;
    showStep('form');
    if (history.state && history.state.step === 'confirm') {
      ignoreNextPop = true;
      history.back();
    }
  }
  window.addEventListener('popstate', () => {
    if (ignoreNextPop) { ignoreNextPop = false; return; }
    if (!steps.confirm.hidden && !state.sending) backToForm();
    else if (!steps.success.hidden) newBooking();   /* never back onto a sent confirm */
  });

  async function pickAnotherSlot() {
    const dateStillOffered = async () => {
      const r = await L.api('/units/' + encodeURIComponent(checked('unit')) + '/days').catch(() => null);
      if (!r || !r.ok) return;
      state.days = r.body.days || [];
      const date = checked('date');
      renderDays();
      const input = $('day-list').querySelector('input[value="' + CSS.escape(date) + '"]');
      if (input) input.checked = true;
    };
    backToForm();
    clearErrors();
    await dateStillOffered();
    await loadSlots();
    const slot = form.querySelector('input[name="slot"]:checked');
    if (slot) slot.checked = false;
    setFieldError(checked('date') ? 'slot' : 'date',
                  checked('date') ? 'Vui lòng chọn khung giờ khác.' : 'Vui lòng chọn ngày khác.');
    focusGroup(checked('date') ? 'slot' : 'date');
  }

  /* ---------- success ---------- */

  function showSuccess(b) {
    state.booking = b;
    L.fillSummary($('success-summary'), [
      ['Họ và tên', b.name, 'name'], ['Số CCCD', b.cccd, 'cccd'],
      ['Đơn vị', b.unit && b.unit.name, 'unit'], ['Lĩnh vực', b.field && b.field.name, 'field'],
      ['Ngày hẹn', L.dateLong(b.date), 'date'], ['Khung giờ', L.slotLabel(b.slot), 'slot'],
    ]);
    $('booking-code').textContent = b.code;
    const url = L.ticketUrl(b.code, b.cccd);
    $('ticket-img').src = url;
    $('save-button').href = url;
    $('save-button').setAttribute('download', 'ma-dat-cho-' + b.code + '.png');
    $('checkin-line').textContent = L.checkinLine(b);
    $('checkin-lead').textContent = 'Khoảng thời gian trước khung giờ đăng ký thì được check-in: ' +
      leadMinutes(b) + ' phút.';
    showStep('success');
    if (history.state && history.state.step === 'confirm') history.replaceState({ step: 'success' }, '');
  }

  /* The unit's own lead (GET /units/{unit}); else what the booking's window says. */
  function leadMinutes(b) {
    if (state.unit && b.unit && state.unit.id === b.unit.id &&
        Number.isInteger(state.unit.checkin_lead_minutes)) return state.unit.checkin_lead_minutes;
    const mins = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    return mins(b.slot.start) - mins(L.timeOf(b.checkin_from));
  }

  function newBooking() {
    form.reset();
    clearErrors();
    state.unit = null; state.days = []; state.slots = []; state.booking = null; state.attemptKey = null;
    for (const id of ['field-list', 'day-list', 'slot-list']) $(id).replaceChildren();
    for (const id of ['field-group', 'day-group', 'slot-group']) $(id).hidden = true;
    $('scan-status').hidden = true;
    filterUnits();
    showStep('form');
  }

  /* ---------- CCCD QR scan ---------- */

  function scanStatus(message, isError, ok) {
    const s = $('scan-status');
    s.textContent = message;
    s.className = isError ? 'error' : 'status' + (ok ? ' status-ok' : '');
    s.hidden = false;
  }

  /* The server reads PNG and JPEG only, up to 8 MiB and 4 megapixels: anything else (HEIC,
   * WebP, a 12 MP phone photo) is redrawn as a smaller JPEG first. */
  async function toUploadable(file) {
    const bitmap = await createImageBitmap(file);
    const pixels = bitmap.width * bitmap.height;
    if ((file.type === 'image/png' || file.type === 'image/jpeg') && file.size <= SCAN_MAX_BYTES &&
        pixels <= SCAN_MAX_PIXELS) return file;
    const scale = Math.min(1, Math.sqrt(SCAN_SCALED_PIXELS / pixels));
    const canvas = L.el('canvas');
    canvas.width = Math.max(1, Math.floor(bitmap.width * scale));
    canvas.height = Math.max(1, Math.floor(bitmap.height * scale));
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', 0.92));
  }

  async function onScanFile() {
    const input = $('scan-file');
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    scanStatus('Đang đọc mã QR…', false);
    let blob;
    try {
      blob = await toUploadable(file);
    } catch (e) {
      scanStatus('Tệp đã chọn không phải ảnh đọc được. Vui lòng chụp lại mã QR trên thẻ.', true);
      return;
    }
    let r;
    try {
      r = await fetch('/api/v1/scan', { method: 'POST', body: blob,
                                         headers: { 'Content-Type': blob.type, Accept: 'application/json' } });
      r = { ok: r.ok, status: r.status, body: await r.json().catch(() => null) };
    } catch (e) {
      scanStatus(L.NETWORK_MESSAGE, true);
      return;
    }
    if (!r.ok) { scanStatus(L.errorMessage(r, 'Không đọc được ảnh.'), true); return; }
    const card = r.body && r.body.cccd;
    if (!card || !card.cccd) {
      scanStatus('Không đọc được mã QR trên thẻ căn cước. Vui lòng chụp lại gần hơn, đủ sáng, hoặc nhập tay.', true);
      return;
    }
    $('name').value = card.name || '';
    $('cccd').value = card.cccd;
    setFieldError('name', null);
    setFieldError('cccd', null);
    scanStatus('Đã điền họ tên và số CCCD từ mã QR. Vui lòng kiểm tra lại.', false, true);
  }

  /* ---------- wiring ---------- */

  form.addEventListener('submit', onSubmit);
  form.addEventListener('change', (ev) => {
    const t = ev.target;
    if (t.name && GROUPS[t.name]) setFieldError(t.name, null);
    if (t.name === 'unit') onUnitChosen(t.value);
    else if (t.name === 'field' || t.name === 'date') loadSlots();
  });
  $('unit-q').addEventListener('input', filterUnits);
  $('unit-q').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') ev.preventDefault(); });
  $('scan-button').addEventListener('click', () => $('scan-file').click());
  $('scan-file').addEventListener('change', onScanFile);
  $('back-button').addEventListener('click', backToForm);
  $('confirm-button').addEventListener('click', onConfirm);
  $('pick-slot-button').addEventListener('click', pickAnotherSlot);
  $('new-button').addEventListener('click', newBooking);

  loadUnits();
})();
