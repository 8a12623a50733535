/* /dang-nhap: staff sign-in. The session is an HttpOnly cookie set by the server; this page
 * only sends the form and goes on to the page that sent the user here, else to the counter
 * console (/quay) for staff and to /quan-tri for managers and admins. */
'use strict';

(function () {
  const L = window.Layso;
  const $ = (id) => document.getElementById(id);
  /* managers and admins run the unit (/quan-tri), staff the counter (/quay) */
  function home(user) { return user && user.role !== 'staff' ? '/quan-tri' : '/quay'; }

  /* Only a path of this site: "/quay", never "//evil.example" or "https://…". */
  function nextPage(user) {
    const next = new URLSearchParams(location.search).get('next') || '';
    return /^\/(?!\/)[A-Za-z0-9\-\/_]*$/.test(next) ? next : home(user);
  }

  function showError(text) {
    $('login-error').textContent = text || '';
    $('login-error').hidden = !text;
  }

  function messageFor(r) {
    if (r.status === 401) return 'Tên đăng nhập hoặc mật khẩu không đúng.';
    if (r.status === 429)
      return 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ' + L.retryMinutes(r) + ' phút.';
    if (r.status === 503) return 'Hệ thống đang bận, vui lòng thử lại.';
    return L.errorMessage(r);
  }

  async function submit(e) {
    e.preventDefault();
    const username = $('username').value.trim().toLowerCase();
    const password = $('password').value;
    $('username').setAttribute('aria-invalid', String(!username));
    $('password').setAttribute('aria-invalid', String(!password));
    if (!username || !password) {
      showError('Vui lòng nhập tên đăng nhập và mật khẩu.');
      (username ? $('password') : $('username')).focus();
      return;
    }
    const button = $('login-button');
    button.disabled = true;
    button.textContent = 'Đang đăng nhập...';
    let r;
    try {
      r = await L.api('/auth/login', { method: 'POST', json: { username, password } });
    } catch (err) {
      r = null;
    }
    button.disabled = false;
    button.textContent = 'Đăng nhập';
    if (r && r.ok) {
      location.assign(nextPage(r.body && r.body.user));
      return;
    }
    showError(r ? messageFor(r) : L.NETWORK_MESSAGE);
    $('password').value = '';
    $('password').focus();
  }

  /* Already signed in: say so, with the way on. */
  async function checkSession() {
    let r;
    try { r = await L.api('/auth/me'); } catch (e) { return; }
    if (!r.ok || !r.body || !r.body.user) return;
    const u = r.body.user;
    const note = $('signed-in');
    note.replaceChildren('Bạn đang đăng nhập với tên ' + (u.name || u.username) + '. ',
      L.el('a', { href: nextPage(u) }, u.role === 'staff' ? 'Vào màn hình quầy' : 'Vào trang quản trị'));
    note.hidden = false;
  }

  $('login-form').addEventListener('submit', submit);
  checkSession();
})();
