/* /tra-cuu: look a booking up by code + CCCD, download its ticket again, or cancel it. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const CODE_RE = /^[A-Za-z0-9]{4}$/;
  const CCCD_RE = /^\d{12}$/;
  let current = null;   /* {code, cccd} of the booking shown */

  function showError(message, inputs) {
    const box = $('lookup-error');
    box.textContent = message;
    box.hidden = !message;
    for (const id of ['code', 'cccd']) {
      if (inputs && inputs.includes(id)) $(id).setAttribute('aria-invalid', 'true');
      else $(id).removeAttribute('aria-invalid');
    }
    if (inputs && inputs.length) $(inputs[0]).focus();
  }

  function render(b, cccd) {
    current = { code: b.code, cccd: cccd };
    $('result-code').textContent = b.code;
    const badge = L.el('span', { class: 'badge badge-' + b.status }, L.statusLabel(b.status));
    L.fillSummary($('result-summary'), [
      ['Trạng thái', badge, 'status'],
      ['Họ và tên', b.name, 'name'], ['Số CCCD', b.cccd, 'cccd'],
      ['Đơn vị', b.unit && b.unit.name, 'unit'], ['Lĩnh vực', b.field && b.field.name, 'field'],
      ['Ngày hẹn', L.dateLong(b.date), 'date'], ['Khung giờ', L.slotLabel(b.slot), 'slot'],
    ]);
    const active = b.status === 'booked';
    $('result-checkin').textContent = active ? L.checkinLine(b) : '';
    $('result-checkin').hidden = !active;
    const download = $('download-button');
    download.hidden = !(active || b.status === 'checked_in');
    download.href = L.ticketUrl(b.code, cccd);
    download.setAttribute('download', 'ma-dat-cho-' + b.code + '.png');
    $('cancel-button').hidden = !active;
    /* a capacity change left this booking over capacity: it stays valid, the unit explains */
    const notice = b.unit_notice;
    $('unit-notice-title').textContent = notice ? notice.title : '';
    $('unit-notice-body').textContent = notice ? notice.body : '';
    $('result-unit-notice').hidden = !notice;
    $('result').hidden = false;
  }

  function message(text) {
    const m = $('result-message');
    m.textContent = text || '';
    m.hidden = !text;
  }

  async function lookup(code, cccd) {
    let r;
    try {
      r = await L.api('/bookings/' + encodeURIComponent(code) + '?cccd=' + encodeURIComponent(cccd));
    } catch (e) {
      showError(L.NETWORK_MESSAGE);
      return false;
    }
    if (r.status === 404) {
      $('result').hidden = true;
      showError('Không tìm thấy lịch hẹn với mã đặt chỗ và số CCCD này.', ['code', 'cccd']);
      return false;
    }
    if (!r.ok) { showError(L.errorMessage(r)); return false; }
    showError('');
    render(r.body, cccd);
    return true;
  }

  async function onSubmit(ev) {
    ev.preventDefault();
    const code = $('code').value.trim().toUpperCase();
    const cccd = $('cccd').value.replace(/[\s.-]/g, '');
    const missing = [];
    if (!code) missing.push('code');
    if (!cccd) missing.push('cccd');
    if (missing.length) { showError('Vui lòng điền đầy đủ thông tin', missing); return; }
    if (!CODE_RE.test(code)) { showError('Mã đặt chỗ gồm đúng 4 ký tự chữ và số.', ['code']); return; }
    if (!CCCD_RE.test(cccd)) { showError('Số căn cước công dân phải gồm đúng 12 chữ số.', ['cccd']); return; }
    $('code').value = code;
    $('cccd').value = cccd;
    message('');
    const button = $('lookup-button');
    button.disabled = true;
    const found = await lookup(code, cccd);
    button.disabled = false;
    if (found) $('result-title').focus();
  }

  async function onCancelConfirmed() {
    const yes = $('cancel-yes');
    yes.disabled = true;
    let r;
    try {
      r = await L.api('/bookings/' + encodeURIComponent(current.code) + '/cancel',
                      { method: 'POST', json: { cccd: current.cccd } });
    } catch (e) {
      r = null;
    }
    yes.disabled = false;
    $('cancel-dialog').close();
    if (!r) { message(L.NETWORK_MESSAGE); return; }
    if (!r.ok) { message(L.errorMessage(r)); return; }
    await lookup(current.code, current.cccd);
    message('Đã hủy lịch hẹn. Chỗ của bạn đã được trả lại để người khác có thể đặt.');
    $('result-title').focus();
  }

  $('lookup-form').addEventListener('submit', onSubmit);
  $('cancel-button').addEventListener('click', () => $('cancel-dialog').showModal());
  $('cancel-no').addEventListener('click', () => $('cancel-dialog').close());
  $('cancel-yes').addEventListener('click', onCancelConfirmed);

  /* /tra-cuu?ma=GCAD fills the code (e.g. from a saved link); the CCCD is always typed. */
  const preset = new URLSearchParams(location.search).get('ma');
  if (preset && CODE_RE.test(preset)) $('code').value = preset.toUpperCase();
})();
