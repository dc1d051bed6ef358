// Staff sign-in: posts the name and password as JSON with the console's request header, then opens the console.
(function () {
  'use strict';

  var form = document.getElementById('signin');
  var error = document.getElementById('signin-error');

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    error.hidden = true;
    var button = form.querySelector('button');
    button.disabled = true;
    fetch('/staff/api/signin', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Staff-Request': '1', Accept: 'application/json' },
      body: JSON.stringify({ userName: form.user.value, password: form.password.value })
    }).then(function (response) {
      if (response.ok) {
        location.assign('/staff');
        return null;
      }
      return response.json().catch(function () { return {}; }).then(function (body) {
        throw new Error(body.error || 'Sign-in failed. Please try again.');
      });
    }).catch(function (e) {
      error.textContent = e.message;
      error.hidden = false;
      form.password.value = '';
      form.password.focus();
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
