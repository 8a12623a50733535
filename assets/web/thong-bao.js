/* /thong-bao: the units' notices, for all units or the one chosen. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  let units = [];
  let seq = 0;

  function published(instant) {
    return L.dateShort(instant) + ' ' + L.timeOf(instant);
  }

  function render(list) {
    $('notices').replaceChildren(...list.map((n) => L.el('article', { class: 'card notice-item' },
      L.el('h2', null, n.title),
      L.el('p', { class: 'meta' }, 'Đăng ngày ' + published(n.published_at) +
           (n.unitName ? ' · ' + n.unitName : '')),
      L.el('p', null, n.body))));
    const status = $('notices-status');
    status.textContent = list.length ? '' : 'Chưa có thông báo nào.';
    status.hidden = list.length > 0;
  }

  async function noticesOf(unitId) {
    const r = await L.api('/notices?unit=' + encodeURIComponent(unitId));
    if (!r.ok) throw new Error(L.errorMessage(r));
    const unit = units.find((u) => u.id === unitId);
    return (r.body.notices || []).map((n) => Object.assign({ unitName: unit ? unit.name : '' }, n));
  }

  /* The API lists one unit's notices at a time: "all units" asks each unit and merges. */
  async function load() {
    const mine = ++seq;
    const unitId = $('unit').value;
    $('notices-status').hidden = false;
    $('notices-status').textContent = 'Đang tải thông báo…';
    let list;
    try {
      const ids = unitId ? [unitId] : units.map((u) => u.id);
      list = [].concat(...await Promise.all(ids.map(noticesOf)));
    } catch (e) {
      if (mine === seq) $('notices-status').textContent = e instanceof TypeError ? L.NETWORK_MESSAGE : e.message;
      return;
    }
    if (mine !== seq) return;
    list.sort((a, b) => String(b.published_at).localeCompare(String(a.published_at)));
    render(list);
  }

  async function init() {
    const preset = new URLSearchParams(location.search).get('unit') || '';
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
