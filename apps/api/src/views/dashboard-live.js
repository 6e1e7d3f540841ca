// The dashboard's live status (docs/justering.md, "Live status"): progressive enhancement of the
// server-rendered page /justering/<protocol>, which works without it. While the tab is visible it asks
// the protocol's live status (GET /api/protocols/<id>/live, with the stamp the page was rendered with
// as If-None-Match, so an unchanged answer is a 304 without a body); when the stamp changes it fetches
// the page again and replaces the part marked data-live-url, and says so in a polite status region.
// It never replaces the page under a secretary who is using a form in it: then it offers a link to
// the new state instead. Served from this origin (/assets/dashboard-live.<hash>.js) under the
// dashboard's `script-src 'self'`; no inline script anywhere.
(function () {
  'use strict';
  var region = document.querySelector('[data-live-url]');
  var said = document.getElementById('live-status');
  if (!region || !said || !window.fetch || !window.DOMParser) return;
  var url = region.getAttribute('data-live-url');
  var stamp = region.getAttribute('data-live-stamp') || '';
  var every = Number(region.getAttribute('data-live-interval')) || 5000;
  var pending = false;
  var stopped = false;
  var timer = 0;

  function say(text, link) {
    said.textContent = text;
    if (link) {
      var a = document.createElement('a');
      a.href = window.location.pathname;
      a.textContent = link;
      said.appendChild(document.createTextNode(' '));
      said.appendChild(a);
    }
  }

  // A form control in the live part has focus or a value typed into it: do not replace it.
  function editing() {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) return true;
    var fields = region.querySelectorAll('input:not([type=hidden]), textarea, select');
    for (var i = 0; i < fields.length; i++) if (fields[i].value !== fields[i].defaultValue) return true;
    return false;
  }

  function time() {
    return new Date().toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });
  }

  function refresh() {
    return fetch(window.location.pathname, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        var next = html && new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live-url]');
        if (!next) {
          // Logged out (the page answered with the login) or gone: stop, and say how to go on.
          stopped = true;
          say('Läget kunde inte uppdateras.', 'Ladda om sidan');
          return;
        }
        region.replaceWith(next);
        region = next;
        stamp = region.getAttribute('data-live-stamp') || stamp;
        pending = false;
        say('Läget uppdaterades ' + time() + '.');
      });
  }

  function tick() {
    timer = 0;
    if (stopped) return;
    if (document.hidden) return schedule();
    var headers = { accept: 'application/json' };
    if (stamp) headers['if-none-match'] = '"' + stamp + '"';
    fetch(url, { credentials: 'same-origin', headers: headers, cache: 'no-store' })
      .then(function (res) {
        if (res.status === 304) return null;
        if (res.status === 429) {
          var wait = Number(res.headers.get('retry-after')) || 60;
          return new Promise(function (resolve) {
            setTimeout(resolve, wait * 1000);
          }).then(function () {
            return null;
          });
        }
        if (!res.ok) {
          stopped = true;
          say(res.status === 401 ? 'Du har loggats ut; läget uppdateras inte längre.' : 'Läget kunde inte uppdateras.', 'Ladda om sidan');
          return null;
        }
        return res.json();
      })
      .then(function (live) {
        if (live && live.stamp !== stamp) pending = true;
        if (!pending) return;
        if (editing()) return say('Läget har ändrats.', 'Visa det nya läget');
        return refresh();
      })
      .catch(function () {
        // The network or the server is away for a moment: try again at the next tick.
      })
      .then(schedule);
  }

  function schedule() {
    if (!stopped && !timer) timer = setTimeout(tick, every);
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && timer) {
      clearTimeout(timer);
      timer = 0;
      tick();
    }
  });
  schedule();
})();
