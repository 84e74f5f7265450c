/*
 * The demo page: signs in a demo user (the demo backend mints their stream token), instruments the page
 * with the Onramp SDK served by the capture API (/sdk/onramp.js) and renders every experience the sink
 * pushes, without reloading.
 */
(function () {
  'use strict';

  var app = document.getElementById('app');
  // Marks for the browser tests: a reload would reset loadId; the resize and render times give the
  // time from a device change to the new layout in the DOM.
  var marks = window.onrampDemo = { loadId: Math.random().toString(36).slice(2), experiences: 0 };

  function render(decision) {
    var experience = decision.experience;
    app.dataset.layout = experience.layout;
    app.dataset.density = experience.density;
    document.getElementById('layout-name').textContent = experience.layout;
    document.getElementById('density-name').textContent = experience.density;
    document.getElementById('release').textContent = decision.rulesetRelease;
    app.dataset.release = String(decision.rulesetRelease);

    var hint = document.getElementById('hint');
    if (experience.hint) {
      hint.hidden = false;
      hint.textContent = experience.hint.text;
      hint.dataset.hintId = experience.hint.id;
    } else {
      hint.hidden = true;
      delete hint.dataset.hintId;
    }

    var features = experience.features || {};
    document.querySelectorAll('#features li').forEach(function (item) {
      var name = item.dataset.feature;
      if (name in features) item.dataset.on = String(features[name]);
    });

    var checklist = document.getElementById('checklist');
    (experience.checklist || []).forEach(function (id) {
      var item = checklist.querySelector('[data-item="' + id + '"]');
      if (item) checklist.appendChild(item);
    });

    marks.experiences++;
    if (experience.layout === 'compact' && marks.compactAt === undefined) marks.compactAt = performance.now();
    if (experience.layout !== 'compact') delete marks.compactAt;
  }

  function loadSdk(captureUrl) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = captureUrl + '/sdk/onramp.js';
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function session() {
    var saved = sessionStorage.getItem('onramp-demo-session');
    if (saved) return Promise.resolve(JSON.parse(saved));
    return fetch('session', { method: 'POST' }).then(function (response) { return response.json(); })
      .then(function (created) {
        sessionStorage.setItem('onramp-demo-session', JSON.stringify(created));
        return created;
      });
  }

  session().then(function (demo) {
    document.getElementById('user').textContent = demo.userId;
    app.dataset.user = demo.userId;
    var stream = new EventSource(demo.streamUrl);
    stream.addEventListener('open', function () {
      document.getElementById('connection').textContent = 'live';
      app.dataset.connected = 'true';
    });
    stream.addEventListener('error', function () {
      document.getElementById('connection').textContent = 'reconnecting…';
      app.dataset.connected = 'false';
    });
    stream.addEventListener('experience', function (message) { render(JSON.parse(message.data)); });

    loadSdk(demo.captureUrl).then(function () {
      onramp.init({
        endpoint: demo.captureUrl,
        writeKey: demo.writeKey,
        userId: demo.userId,
        onDeviceChange: function (from, to) {
          marks.deviceChangedAt = performance.now();
          marks.device = to;
        }
      });
      marks.sdk = true;
    });

    document.getElementById('steps').addEventListener('click', function (click) {
      var step = click.target.dataset && click.target.dataset.complete;
      if (!step) return;
      click.target.closest('li').classList.add('done');
      onramp.track('step_completed', { step: Number(step) });
    });
  });
})();
