// Autosave for the form pages, as progressive enhancement: without this script every form works as before.
// The form names its endpoint in data-autosave. Typing schedules a save (debounced); one save is in flight at a
// time and changes made meanwhile go in the next, so the last value of every field is the one stored. Leaving
// the page with unsaved changes sends them as a beacon. A save the server could not make (a node restarting, the
// store down) is tried again a little later. A little before the session would end unused, a warning says when
// and offers a button that renews it (POST /session/keepalive): WCAG 2.2.1, Timing Adjustable.
(function () {
  'use strict';
  var form = document.querySelector('form[data-autosave]');
  var status = document.getElementById('autosave-status');
  if (!form || !status || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var url = form.getAttribute('data-autosave');
  var DEBOUNCE_MILLIS = 800;
  var RETRY_MILLIS = 3000;
  var timer = null;
  var inFlight = false;
  var dirty = false;
  var retry = false;
  var saves = 0;
  var sessionSeconds = parseInt(form.getAttribute('data-session-seconds') || '0', 10);
  var warning = document.getElementById('timeout-warning');
  var warningText = document.getElementById('timeout-warning-text');
  var extend = document.getElementById('timeout-extend');
  var warnTimer = null;
  var endTimer = null;

  function fields() {
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== 'nav' && name !== 'submission') {
        data.append(name, value);
      }
    });
    return data;
  }

  // The page's texts in its language, from the status line's data-t-* attributes; {0} is filled in.
  function t(name, arg) {
    var text = status.getAttribute('data-t-' + name) || name;
    return text.replace('{0}', arg === undefined ? '' : arg);
  }

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle('problem', problem === true);
  }

  function now() {
    return new Date().toLocaleTimeString(document.documentElement.lang || [], {hour: '2-digit', minute: '2-digit'});
  }

  function firstMessage(answer) {
    var errors = answer.errors || {};
    for (var field in errors) {
      return errors[field];
    }
    return t('check');
  }

  function shown(reply) {
    var answer = reply.answer;
    if (reply.status === 200 && answer.saved) {
      saves += 1;
      status.setAttribute('data-saves', String(saves));
      say(t('saved', now()));
      sessionRenewed();
    } else if (reply.status === 422) {
      say(t('not-yet', firstMessage(answer)), true);
    } else if (answer.error === 'session-expired') {
      say(t('ended'), true);
    } else {
      say(t('retry'), true);
      retry = reply.status >= 500;
    }
  }

  function save() {
    timer = null;
    if (inFlight) {
      return;
    }
    inFlight = true;
    dirty = false;
    say(t('saving'));
    fetch(url, {method: 'POST', body: fields(), credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) {
        return response.json().then(function (answer) {
          return {status: response.status, answer: answer};
        }, function () {
          return {status: response.status, answer: {}};
        });
      })
      .then(shown, function () {
        say(t('offline'), true);
        retry = true;
      })
      .then(function () {
        inFlight = false;
        if (retry) {
          retry = false;
          schedule(RETRY_MILLIS);
        } else if (dirty) {
          schedule(DEBOUNCE_MILLIS);
        }
      });
  }

  function schedule(delay) {
    dirty = true;
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, delay);
  }

  function changed() {
    schedule(DEBOUNCE_MILLIS);
  }

  function at(millis) {
    return new Date(millis).toLocaleTimeString(document.documentElement.lang || [], {hour: '2-digit', minute: '2-digit'});
  }

  // Every answer from the node renewed the session; the warning comes before the end by a quarter of the
  // timeout, at most two minutes.
  function sessionRenewed() {
    if (!warning || sessionSeconds <= 0) {
      return;
    }
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warning.hidden = true;
    var ends = Date.now() + sessionSeconds * 1000;
    var warnBefore = Math.min(120, sessionSeconds / 4) * 1000;
    warnTimer = setTimeout(function () {
      warningText.textContent = t('ends-at', at(ends));
      extend.hidden = false;
      warning.hidden = false;
    }, sessionSeconds * 1000 - warnBefore);
    endTimer = setTimeout(function () {
      warningText.textContent = t('has-ended');
      extend.hidden = true;
      warning.hidden = false;
    }, sessionSeconds * 1000);
  }

  function keepAlive() {
    var body = new URLSearchParams();
    body.append('csrf', form.elements.csrf ? form.elements.csrf.value : '');
    fetch('/session/keepalive', {method: 'POST', body: body, credentials: 'same-origin',
      headers: {'Accept': 'application/json'}})
      .then(function (response) {
        if (response.status === 200) {
          sessionRenewed();
          say(t('renewed', now()));
        } else {
          warningText.textContent = t('already-ended');
          extend.hidden = true;
        }
      }, function () {
        warningText.textContent = t('no-connection');
      });
  }

  if (extend) {
    extend.addEventListener('click', keepAlive);
  }
  sessionRenewed();

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', function () {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = null;
    dirty = false;
  });
  window.addEventListener('pagehide', function () {
    if (dirty && navigator.sendBeacon) {
      navigator.sendBeacon(url, fields());
    }
  });
})();
