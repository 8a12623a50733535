/* /phieu/{id}: where the printed ticket's QR leads: the ticket's place in the queue,
 * refreshed every 30 seconds. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 30000;
  const STATES = {
    waiting: 'Đang chờ gọi số',
    called: 'Đã đến lượt – mời bạn đến quầy',
    serving: 'Đang được phục vụ',
    done: 'Đã hoàn thành',
    skipped: 'Đã qua lượt (vắng mặt)',
    transferred: 'Đã chuyển quầy',
    cancelled: 'Đã hủy',
    expired: 'Phiếu đã hết hạn',
  };
  const id = decodeURIComponent(location.pathname.split('/')[2] || '');
  let timer = null;

  function error(text) {
    $('ticket-error').textContent = text || '';
    $('ticket-error').hidden = !text;
  }

  async function refresh() {
    clearTimeout(timer);
    let r;
    try {
      r = await L.api('/tickets/' + encodeURIComponent(id) + '/status');
    } catch (e) {
      error(L.NETWORK_MESSAGE);
      timer = setTimeout(refresh, REFRESH_MS);
      return;
    }
    if (r.status === 404) {
      $('number').textContent = '—';
      $('state').textContent = '';
      error('Không tìm thấy phiếu số thứ tự này. Vui lòng kiểm tra lại đường dẫn hoặc quét lại mã QR trên phiếu.');
      /* nothing will change: stop polling, and stop saying the page updates itself */
      $('auto-note').hidden = true;
      $('refresh-button').hidden = true;
      $('number-label').hidden = true;
      return;
    }
    if (!r.ok) {
      error(L.errorMessage(r));
    } else {
      error('');
      const t = r.body;
      $('number').textContent = t.number;
      $('state').textContent = STATES[t.state] || t.state;
      const rows = [];
      if (t.state === 'waiting') {
        rows.push(['Số người đang chờ trước bạn', String(t.waiting_before)]);
        if (t.estimated_wait_minutes !== undefined && t.estimated_wait_minutes !== null)
          rows.push(['Thời gian chờ dự kiến', 'khoảng ' + t.estimated_wait_minutes + ' phút']);
      }
      if (t.counter) rows.push(['Quầy', typeof t.counter === 'object' ? t.counter.name : String(t.counter)]);
      L.fillSummary($('details'), rows);
      document.title = t.number + ' – Phiếu số thứ tự';
    }
    const now = new Date();
    $('updated').textContent = 'Cập nhật lúc ' + now.toLocaleTimeString('vi-VN', { hour12: false, timeZone: 'Asia/Ho_Chi_Minh' });
    timer = setTimeout(refresh, REFRESH_MS);
  }

  $('refresh-button').addEventListener('click', refresh);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  refresh();
})();
