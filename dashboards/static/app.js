// The staff app's only script (served from /static; the CSP allows no inline script). It adds, on
// top of pages that work without it: live updates over Server-Sent Events (the first page of a
// queue refreshes its rows when a case arrives or changes, the dashboard its figures; a later page
// of a queue and a case file say what changed), an announcement for screen readers, and a
// confirmation before irreversible actions.
'use strict';

(function () {
  var announcer = document.getElementById('annonces');

  function announce(text) {
    if (!announcer || !text) return;
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function refreshRegion(region) {
    var src = region.getAttribute('data-live-src');
    if (!src) return Promise.resolve(false);
    return fetch(src, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return false;
        // Server-rendered fragment: every value in it was escaped on the server.
        var wrap = region.tagName === 'UL' ? '<ul>' + html + '</ul>' : html;
        var body = new DOMParser().parseFromString(wrap, 'text/html').body;
        var fresh = region.tagName === 'UL' ? body.querySelector('ul') : body;
        region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes));
        return true;
      })
      .catch(function () { return false; });
  }

  function concerns(el, data) {
    var queue = el.getAttribute('data-live-queues');
    return !queue || data.queues.some(function (q) { return queue.split(' ').indexOf(q) >= 0; });
  }

  function onChanges(data) {
    var regions = document.querySelectorAll('[data-live-src]');
    regions.forEach(function (region) {
      if (!concerns(region, data)) return;
      refreshRegion(region).then(function (ok) {
        if (ok && data.opened > 0) announce(region.getAttribute('data-live-announce'));
      });
    });
    // A later page of a queue keeps its rows under its reader (inserting rows would push the one
    // being read away): it says that new cases arrived, or that a case it shows changed, and links
    // to the first page or to itself.
    var shown = Array.prototype.map.call(document.querySelectorAll('tr[data-case-id]'), function (tr) { return tr.getAttribute('data-case-id'); });
    document.querySelectorAll('[data-live-notice]').forEach(function (note) {
      if (!note.hidden) return;
      var show = note.getAttribute('data-live-notice') === 'opened'
        ? data.opened > 0 && concerns(note, data)
        : data.cases.some(function (id) { return shown.indexOf(id) >= 0; });
      if (!show) return;
      note.hidden = false;
      announce(note.textContent);
    });
    // A case file never reloads under its reader (WCAG 3.2.5: no change of context without a
    // request): it says that the file changed and offers the reload.
    var caseId = document.body.getAttribute('data-case-id');
    if (caseId && data.cases.indexOf(caseId) >= 0) {
      var note = document.getElementById('case-changed');
      if (note && note.hidden) {
        note.hidden = false;
        announce(note.textContent);
      }
    }
  }

  if (document.body.getAttribute('data-live') === '1' && window.EventSource) {
    var source = new EventSource('/evenements');
    source.addEventListener('changes', function (e) {
      try { onChanges(JSON.parse(e.data)); } catch (err) { /* a malformed message is ignored */ }
    });
    source.addEventListener('open', function () { document.body.setAttribute('data-live-connected', '1'); });
  }

  // Reply templates: choosing one fills the subject and the text (the server fills them for the first).
  document.addEventListener('change', function (e) {
    var sel = e.target;
    if (!sel || !sel.matches || !sel.matches('select[data-template-target]')) return;
    var form = sel.form;
    var tpl = null;
    form.querySelectorAll('template[data-template]').forEach(function (t) { if (t.getAttribute('data-template') === sel.value) tpl = t; });
    if (!tpl) return;
    var subject = form.querySelector('[name=subject]');
    var text = form.querySelector('[name=text]');
    if (subject) subject.value = tpl.getAttribute('data-subject') || '';
    if (text) text.value = tpl.content.textContent || '';
  });

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });
})();
