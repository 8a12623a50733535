/* /dang-nhap: staff sign-in; on success the counter console (/quay), or /quan-tri for managers and admins. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  /* managers and admins run the unit (/quan-tri), staff the counter (/quay) */
  function home(user) { return user && user.role !== 'staff' ? '/quan-tri' : '/quay'; }

  function error(text) {
    $('login-error').textContent = text || '';
    $('login-error').hidden = !text;
  }

  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const username = $('username').value.trim();
    const password = $('password').value;
    if (!username || !password) {
      error('Vui lòng điền đầy đủ thông tin');
      return;
    }
    $('login-button').disabled = true;
    $('login-button').textContent = 'Đang xử lý...';
    let r;
    try {
      r = await L.api('/auth/login', { method: 'POST', json: { username, password } });
    } catch (e) {
      r = null;
    }
    $('login-button').disabled = false;
    $('login-button').textContent = 'Đăng nhập';
    if (r && r.ok) {
      location.assign(home(r.body.user));
      return;
    }
    $('password').value = '';
    error(r ? L.errorMessage(r) : L.NETWORK_MESSAGE);
    $('password').focus();
  });

  /* already signed in: straight to the console */
  L.api('/auth/me').then((r) => { if (r.ok) location.replace(home(r.body.user)); }).catch(() => {});
})();
