/* /man-hinh/{unit}: the waiting room's display board. Everything on it comes from the unit's
 * event stream: the snapshot a stream starts with (so a reload or a server restart recovers
 * the whole state), then each call, counter change and waiting count.
 *
 * Calls are announced one at a time, in order, each exactly once: the server's WAV
 * (GET /api/v1/units/{unit}/calls/{event id}.wav, which starts with the chime) or, when it
 * cannot be had, a chime made here. A clip that hangs is cut off after its length plus a
 * margin (CLIP_TIMEOUT_MS at most), so one broken clip never silences the board. A reload
 * announces nothing; calls missed while disconnected are announced when they come back,
 * unless older than TOO_OLD_MS, which are only listed (greyed). */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  const unit = decodeURIComponent(location.pathname.split('/')[2] || '');
  const TOO_OLD_MS = 2 * 60 * 1000;
  const CLIP_TIMEOUT_MS = 20000;
  const RECENT_SHOWN = 3;
  const TZ = 'Asia/Ho_Chi_Minh';
  const state = { fields: [], counters: [], recent: [], waiting: {}, lastCallId: 0, started: false };
  const heard = new Set();          /* call event ids already shown (and announced or not) */
  const queue = [];
  let playing = false, audioContext = null;
  /* what the board did, for the browser tests and for a technician's console */
  const log = window.laysoBoard = { announced: [], missed: [], failed: [], played: [] };

  /* --- clock and date ------------------------------------------------------------------- */

  const clockFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  function tick() {
    const now = new Date();
    $('clock').textContent = clockFormat.format(now);
    $('date').textContent = L.dateLong(dayFormat.format(now));
  }

  /* --- drawing -------------------------------------------------------------------------- */

  function fieldName(id) {
    const f = state.fields.find((x) => x.id === id);
    return f ? f : { id, name: id, prefix: '' };
  }

  function renderCounters(flashId) {
    const list = state.counters.slice().sort((a, b) => a.number - b.number);
    const cols = Math.min(3, Math.max(1, Math.ceil(list.length / 7)));
    $('counters').style.setProperty('--cols', cols);
    $('counters').style.setProperty('--rows', Math.max(1, Math.ceil(list.length / cols)));
    $('counters').classList.toggle('many', cols > 1);
    $('counters').replaceChildren(...list.map((k) => L.el('li', { class: k.id === flashId ? 'flash' : null, 'data-counter': k.id },
      L.el('span', null, k.name),
      k.paused ? L.el('span', { class: 'idle' }, 'Tạm nghỉ')
               : k.serving ? L.el('span', { class: 'number' }, k.serving.number) : L.el('span', { class: 'idle' }, '—'))));
    if (flashId) setTimeout(() => {
      const row = document.querySelector('#counters li.flash');
      if (row) row.classList.remove('flash');
    }, 8000);
  }

  function renderRecent() {
    const shown = state.recent.slice(0, RECENT_SHOWN);
    $('recent').replaceChildren(...shown.map((c) => L.el('li', { class: c.missed ? 'missed' : null },
      L.el('b', null, c.ticket.number), L.el('span', null, c.counter.name))));
    const latest = state.recent[0];
    $('latest-number').textContent = latest ? latest.ticket.number : '—';
    $('latest-counter').textContent = latest ? 'đến ' + latest.counter.name : '';
  }

  function renderWaiting() {
    $('waiting').replaceChildren(...state.fields.map((f) => L.el('li', { 'data-field': f.id },
      L.el('span', { class: 'prefix' }, f.prefix), L.el('span', { class: 'name' }, f.name),
      L.el('span', { class: 'count' }, String(state.waiting[f.id] || 0)))));
  }

  function flashLatest() {
    const box = $('latest');
    box.classList.remove('flash');
    void box.offsetWidth;   /* restart the animation */
    box.classList.add('flash');
  }

  /* --- sound ---------------------------------------------------------------------------- */

  /* Two soft tones (E5, C5), made here: no file to fetch, so it works when the server's WAV
   * does not. Resolves when it has sounded (or at once if the browser allows no sound). */
  function chime() {
    try {
      audioContext = audioContext || new AudioContext();
      if (audioContext.state === 'suspended') audioContext.resume();
      const t0 = audioContext.currentTime + 0.05;
      [[659.25, 0], [523.25, 0.45]].forEach(([hz, at]) => {
        const osc = audioContext.createOscillator(), gain = audioContext.createGain();
        osc.frequency.value = hz;
        gain.gain.setValueAtTime(0.0001, t0 + at);
        gain.gain.exponentialRampToValueAtTime(0.4, t0 + at + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.6);
        osc.connect(gain).connect(audioContext.destination);
        osc.start(t0 + at);
        osc.stop(t0 + at + 0.65);
      });
    } catch (e) { return Promise.resolve(); }
    return L.sleep(1200);
  }

  function askForSound() { $('sound').hidden = false; }

  function playOne(item) {
    return new Promise((resolve) => {
      const audio = new Audio();
      let over = false, failed = false, timer = setTimeout(finish, CLIP_TIMEOUT_MS);
      const played = { id: item.id, start: Date.now(), end: null };
      log.played.push(played);
      function finish() {
        if (over) return;
        over = true;
        played.end = Date.now();
        clearTimeout(timer);
        audio.removeAttribute('src');
        resolve();
      }
      function fallback() {
        if (failed || over) return;
        failed = true;
        log.failed.push(item.id);
        chime().then(finish);
      }
      audio.addEventListener('ended', finish);
      audio.addEventListener('error', fallback);
      audio.addEventListener('loadedmetadata', () => {
        if (!isFinite(audio.duration)) return;
        clearTimeout(timer);
        timer = setTimeout(finish, Math.min(CLIP_TIMEOUT_MS, audio.duration * 1000 + 3000));
      });
      audio.src = item.url;
      log.announced.push(item.id);
      audio.play().catch((e) => {
        if (e && e.name === 'NotAllowedError') { askForSound(); finish(); } else fallback();
      });
    });
  }

  async function pump() {
    if (playing) return;
    playing = true;
    while (queue.length) await playOne(queue.shift());
    playing = false;
  }

  function announce(id) {
    queue.push({ id, url: '/api/v1/units/' + encodeURIComponent(unit) + '/calls/' + id + '.wav' });
    pump();
  }

  /* --- events --------------------------------------------------------------------------- */

  /* `counter` as events carry it ({id, name, number}); one opened in /quan-tri after this page
   * loaded joins the list. */
  function setServing(counter, serving, paused) {
    let k = state.counters.find((x) => x.id === counter.id);
    if (!k) {
      k = { id: counter.id, name: counter.name, number: counter.number, paused: false };
      state.counters.push(k);
    }
    k.serving = serving;
    if (paused !== undefined) k.paused = paused;
  }

  /* A call: shown at once; announced unless it is from before this page started (a
   * snapshot's history) or too old to mean anything now. */
  function onCall(call, id, quietly) {
    if (!id || heard.has(id)) return;
    heard.add(id);
    state.lastCallId = Math.max(state.lastCallId, id);
    const old = Date.now() - Date.parse(call.at) > TOO_OLD_MS;
    const entry = Object.assign({}, call, { id, missed: !quietly && old });
    state.recent = [entry].concat(state.recent.filter((c) => c.id !== id)).sort((a, b) => b.id - a.id).slice(0, 20);
    setServing(call.counter, { id: call.ticket.id, number: call.ticket.number, field: call.ticket.field });
    if (quietly) return;
    renderCounters(call.counter.id);
    renderRecent();
    flashLatest();
    if (old) log.missed.push(id);
    else announce(id);
  }

  function onSnapshot(s) {
    state.counters = s.counters || [];
    state.waiting = {};
    for (const w of s.waiting || []) state.waiting[w.field] = w.count;
    const first = !state.started;
    state.started = true;
    /* a fresh stream after a gap: the calls it lists that this page has not seen are new */
    for (const c of s.recent || []) onCall(c, c.id, first);
    renderCounters();
    renderRecent();
    renderWaiting();
  }

  const handlers = {
    snapshot: onSnapshot,
    called: (c, id) => { if (state.started) onCall(c, id, false); },
    counter: (c) => {
      setServing(c.counter, c.serving, c.paused);
      renderCounters();
    },
    queue: (q) => {
      for (const f of q.fields || []) state.waiting[f.id] = f.waiting;
      /* a field added in /quan-tri since this page loaded: read the unit's fields again */
      if ((q.fields || []).some((f) => !state.fields.some((x) => x.id === f.id))) loadFields();
      renderWaiting();
    },
  };

  /* --- notices -------------------------------------------------------------------------- */

  async function loadNotices() {
    let r;
    try { r = await L.api('/notices?unit=' + encodeURIComponent(unit)); } catch (e) { return; }
    if (!r.ok) return;
    const items = (r.body.notices || []).map((n) => L.el('span', null, n.title + ': ' + String(n.body).replace(/\s+/g, ' ')));
    const track = $('ticker');
    track.replaceChildren(...items);
    /* about 120 px a second, whatever the length */
    track.style.animationDuration = Math.max(20, Math.round((track.scrollWidth + 1920) / 120)) + 's';
  }

  async function loadFields() {
    let r;
    try { r = await L.api('/units/' + encodeURIComponent(unit)); } catch (e) { return; }
    if (!r.ok) return;
    state.fields = r.body.fields || [];
    renderWaiting();
  }

  async function init() {
    tick();
    setInterval(tick, 1000);
    let r;
    try { r = await L.api('/units/' + encodeURIComponent(unit)); } catch (e) { r = null; }
    if (!r || !r.ok) {
      $('missing').textContent = r && r.status === 404 ? 'Không tìm thấy đơn vị "' + unit + '".' : L.NETWORK_MESSAGE;
      $('missing').hidden = false;
      if (!r || r.status !== 404) setTimeout(() => location.reload(), 10000);
      return;
    }
    state.fields = r.body.fields || [];
    $('unit-name').textContent = r.body.name;
    document.title = 'Màn hình gọi số – ' + r.body.name;
    $('board').hidden = false;
    renderWaiting();
    L.liveStream(unit, handlers, (up) => { $('offline').hidden = up; });
    loadNotices();
    setInterval(loadNotices, 10 * 60 * 1000);
  }

  $('sound-button').addEventListener('click', () => {
    $('sound').hidden = true;
    chime();
  });
  init();
})();
