/* /thong-bao: the units' notices, for all units or the one chosen. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  let seq = 0;

  function published(instant) {
    return L.dateShort(instant) + ' ' + L.timeOf(instant);
  }

  function render(list) {
    $('notices').replaceChildren(...list.map((n) => L.el('article', { class: 'card notice-item' },
      L.el('h2', null, n.title),
      L.el('p', { class: 'meta' }, 'Đăng ngày ' + published(n.published_at) +
           (n.unit && n.unit.name ? ' · ' + n.unit.name : '')),
      L.el('p', null, n.body))));
    const status = $('notices-status');
    status.textContent = list.length ? '' : 'Chưa có thông báo nào.';
    status.hidden = list.length > 0;
  }

  /* One request: without ?unit= the API lists every unit's notices, newest first. */
  async function load() {
    const mine = ++seq;
    const unitId = $('unit').value;
    $('notices-status').hidden = false;
    $('notices-status').textContent = 'Đang tải thông báo…';
    let r;
    try {
      r = await L.api('/notices' + (unitId ? '?unit=' + encodeURIComponent(unitId) : ''));
    } catch (e) {
      if (mine === seq) $('notices-status').textContent = e instanceof TypeError ? L.NETWORK_MESSAGE : e.message;
      return;
    }
    if (mine !== seq) return;
    if (!r.ok) {
      $('notices-status').textContent = L.errorMessage(r);
      return;
    }
    render(r.body.notices || []);
  }

  async function init() {
    const preset = new URLSearchParams(location.search).get('unit') || '';
    let units = [];
    try {
      const r = await L.api('/units');
      if (r.ok) units = r.body.units || [];
    } catch (e) { units = []; }
    for (const u of units) $('unit').append(L.el('option', { value: u.id }, u.name));
    if (units.some((u) => u.id === preset)) $('unit').value = preset;
    $('unit').addEventListener('change', load);
    load();
  }

  init();
})();
