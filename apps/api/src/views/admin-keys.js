// /admin/api-nycklar: a button that copies a key just created. Progressive enhancement: without
// JavaScript the key is in a read-only text box that wraps at any width and can be selected and copied
// by hand. Served from this origin (/assets/admin-keys.<hash>.js) under the page's `script-src 'self'`;
// no inline script anywhere.
(function () {
  'use strict';
  var field = document.getElementById('created-key');
  var button = document.getElementById('copy-key');
  var status = document.getElementById('copy-key-status');
  if (!field || !button || !status) return;
  button.hidden = false;
  function done() {
    status.textContent = 'Nyckeln är kopierad.';
  }
  function byHand() {
    field.focus();
    field.select();
    try {
      if (document.execCommand('copy')) return done();
    } catch (e) {
      // Some browsers refuse; the key is selected for Ctrl+C below.
    }
    status.textContent = 'Nyckeln är markerad: kopiera den med Ctrl+C (⌘C på Mac).';
  }
  button.addEventListener('click', function () {
    status.textContent = '';
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, byHand);
    else byHand();
  });
})();
