/* /dang-nhap: staff sign-in; on success the counter console (/quay). */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);

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
      location.assign('/quay');
      return;
    }
    $('password').value = '';
    error(r ? L.errorMessage(r) : L.NETWORK_MESSAGE);
    $('password').focus();
  });

  /* already signed in: straight to the console */
  L.api('/auth/me').then((r) => { if (r.ok) location.replace('/quay'); }).catch(() => {});
})();
