/* /phieu/{id}: where the printed ticket's QR leads: the ticket's state, how many are ahead
 * and the estimated wait, live. The page follows its unit's event stream and reads the
 * status again when an event may change it (a call or a change in its field, its counter);
 * a read every 30 seconds covers anything the stream missed. When the ticket is called, a
 * citizen who pressed "Báo khi đến lượt" hears a chime and feels a vibration (browsers allow
 * sound only after a tap on the page). */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const REFRESH_MS = 30000;
  const STATES = {
    waiting: () => 'Đang chờ',
    called: (t) => 'Mời bạn đến quầy số ' + (t.counter ? t.counter.number : ''),
    done: () => 'Đã phục vụ',
    skipped: () => 'Đã bỏ qua',
  };
  const id = decodeURIComponent(location.pathname.split('/')[2] || '');
  let timer = null, soon = null, stream = null, ticket = null, alerting = false, audioContext = null;

  function error(text) {
    $('ticket-error').textContent = text || '';
    $('ticket-error').hidden = !text;
  }

  function estimate(t) {
    const range = t.estimated_wait_range;
    if (!range) return null;
    if (t.waiting_before === 0) return 'sắp đến lượt bạn';
    return range[0] === range[1] ? 'khoảng ' + range[0] + ' phút' : 'khoảng ' + range[0] + '–' + range[1] + ' phút';
  }

  function render(t) {
    $('number').textContent = t.number;
    $('state').textContent = (STATES[t.state] || (() => t.state))(t);
    $('state').classList.toggle('called', t.state === 'called');
    const rows = [];
    if (t.field && t.field.name) rows.push(['Lĩnh vực', t.field.name]);
    if (t.state === 'waiting') {
      rows.push(['Số người đang chờ trước bạn', String(t.waiting_before)]);
      const wait = estimate(t);
      if (wait) rows.push(['Thời gian chờ dự kiến', wait]);
    }
    if (t.state === 'called' && t.counter) rows.push(['Quầy', t.counter.name]);
    L.fillSummary($('details'), rows);
    document.title = t.number + ' – Phiếu số thứ tự';
    $('alert-button').hidden = t.state !== 'waiting' && t.state !== 'called';
  }

  /* A chime and a vibration, where the phone allows them. */
  function signal() {
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    if (!alerting || !audioContext) return;
    const t0 = audioContext.currentTime + 0.05;
    [[659.25, 0], [523.25, 0.45], [659.25, 0.9], [523.25, 1.35]].forEach(([hz, at]) => {
      const osc = audioContext.createOscillator(), gain = audioContext.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t0 + at);
      gain.gain.exponentialRampToValueAtTime(0.5, t0 + at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.6);
      osc.connect(gain).connect(audioContext.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + 0.65);
    });
  }

  function notFound() {
    $('number').textContent = '—';
    $('state').textContent = '';
    error('Không tìm thấy phiếu số thứ tự này. Vui lòng kiểm tra lại đường dẫn hoặc quét lại mã QR trên phiếu.');
    /* nothing will change: stop, and stop saying the page updates itself */
    $('auto-note').hidden = true;
    $('refresh-button').hidden = true;
    $('number-label').hidden = true;
    $('alert-button').hidden = true;
  }

  async function refresh() {
    clearTimeout(timer);
    clearTimeout(soon);
    let r;
    try {
      r = await L.api('/tickets/' + encodeURIComponent(id) + '/status');
    } catch (e) {
      error(L.NETWORK_MESSAGE);
      timer = setTimeout(refresh, REFRESH_MS);
      return;
    }
    if (r.status === 404) { notFound(); return; }
    if (!r.ok) {
      error(L.errorMessage(r));
    } else {
      error('');
      const before = ticket;
      ticket = r.body;
      render(ticket);
      if (ticket.state === 'called' && (!before || before.state !== 'called')) signal();
      if (!stream && ticket.unit) follow(ticket.unit.id);
    }
    const now = new Date();
    $('updated').textContent = 'Cập nhật lúc ' + now.toLocaleTimeString('vi-VN', { hour12: false, timeZone: 'Asia/Ho_Chi_Minh' });
    timer = setTimeout(refresh, REFRESH_MS);
  }

  /* Several events in a burst make one read. */
  function refreshSoon() {
    clearTimeout(soon);
    soon = setTimeout(refresh, 250);
  }

  function mine(fieldId) { return ticket && ticket.field && ticket.field.id === fieldId; }

  function follow(unit) {
    let reconnect = false;   /* the first snapshot tells nothing the page has not just read */
    stream = L.liveStream(unit, {
      snapshot: () => { if (reconnect) refreshSoon(); reconnect = true; },
      called: (c) => {
        if (ticket && c.ticket.id === ticket.id && c.recall && ticket.state === 'called') signal();
        if ((ticket && c.ticket.id === ticket.id) || mine(c.ticket.field.id)) refreshSoon();
      },
      counter: (c) => {
        const ours = ticket && ticket.counter && ticket.counter.id === c.counter.id;
        if (ours || (c.serving && ticket && c.serving.id === ticket.id)) refreshSoon();
      },
      queue: (q) => { if ((q.fields || []).some((f) => mine(f.id))) refreshSoon(); },
    }, (up) => {
      $('live-note').textContent = up ? 'Đang theo dõi trực tiếp.' : 'Mất kết nối – đang kết nối lại…';
    });
  }

  $('refresh-button').addEventListener('click', refresh);
  $('alert-button').addEventListener('click', () => {
    try {
      audioContext = audioContext || new AudioContext();
      audioContext.resume();
    } catch (e) { audioContext = null; }
    alerting = true;
    $('alert-button').disabled = true;
    $('alert-button').textContent = 'Đã bật báo khi đến lượt';
    $('alert-note').hidden = false;
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  refresh();
})();
