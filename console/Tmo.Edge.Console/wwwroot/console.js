// The console's few browser-side helpers.
window.tmoEdge = {
  // The browser's IANA time zone: the server renders every time in it (BrowserTimeZone).
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};

// After a failed login the server sends the form back empty: it never echoes what was typed (a password typed into the
// user field would end up in the page). The browser keeps the user name for this tab until the next page instead.
(() => {
  const key = 'tmo-edge-login-user';
  const remember = () => {
    const form = document.querySelector('form[data-login]');
    if (!form) {
      sessionStorage.removeItem(key);
      return;
    }

    const user = form.querySelector('#user');
    const failed = document.querySelector('[data-testid=login-error]');
    if (failed && user && !user.value) {
      user.value = sessionStorage.getItem(key) ?? '';
      document.querySelector('#password')?.focus();
    }

    form.addEventListener('submit', () => sessionStorage.setItem(key, user?.value ?? ''));
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', remember);
  } else {
    remember();
  }
})();
