// Improves the report form when scripts run: the note's preview follows
// the typing. Without it, the "Xem trước" button does the same by a
// round trip. No inline script anywhere (the page's CSP forbids it).
(function () {
  'use strict';
  var note = document.getElementById('ghi-chu');
  var out = document.getElementById('xem-truoc');
  if (!note || !out || !window.fetch) return;
  var form = note.form;
  var timer = null;
  var asked = 0;
  function refresh() {
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set('csrf', form.elements.csrf.value);
    body.set('ghi-chu', note.value);
    fetch('/xem-truoc', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { if (mine === asked) out.innerHTML = html; })
      .catch(function () { /* the button still works */ });
  }
  note.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
// Đề nghị khen thưởng: the achievement's preview follows the typing, as
// the report note's does (the same /xem-truoc renderer).
(function () {
  'use strict';
  var text = document.getElementById('achievement');
  var out = document.getElementById('xem-truoc-thanh-tich');
  if (!text || !out || !window.fetch) return;
  var timer = null;
  var asked = 0;
  function refresh() {
    var mine = ++asked;
    var body = new URLSearchParams();
    body.set('csrf', text.form.elements.csrf.value);
    body.set('ghi-chu', text.value);
    fetch('/xem-truoc', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { if (mine === asked) out.innerHTML = html; })
      .catch(function () { /* the button still works */ });
  }
  text.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
