/*!
 * onramp.js: the Onramp browser SDK. Dependency-free.
 *
 *   onramp.init({ writeKey, endpoint, userId });
 *   onramp.track('step_completed', { step: 2 });
 *
 * - sends a page_view on init, and device_changed when the viewport crosses a device-class breakpoint
 *   (mobile < 640 px <= tablet < 1024 px <= desktop);
 * - batches events: a flush every flushInterval ms, at flushAt queued events, at once for the types in
 *   `immediate` (those that change the experience), and on page hide with navigator.sendBeacon (not
 *   when offline or when the API was unreachable on the last try: then the queue waits for the next page);
 * - keeps the queue in localStorage, so events survive a reload or a closed tab while offline;
 * - retries with exponential backoff (honouring Retry-After), and drops only events the API refused as
 *   invalid (400, 413);
 * - every event has a client eventId, so a retry never counts twice downstream;
 * - sessionId rotates after 30 minutes without activity.
 */
(function (global) {
  'use strict';

  var SESSION_TIMEOUT_MS = 30 * 60 * 1000;
  var MAX_QUEUE = 1000;
  var MAX_BATCH = 100;
  var state = null;

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function deviceClass(width) {
    if (width < 640) return 'mobile';
    if (width < 1024) return 'tablet';
    return 'desktop';
  }

  function storage() {
    try { return global.localStorage; } catch (e) { return null; }
  }

  function load(key, fallback) {
    var store = storage();
    if (!store) return fallback;
    try {
      var value = store.getItem(key);
      return value ? JSON.parse(value) : fallback;
    } catch (e) { return fallback; }
  }

  function save(key, value) {
    var store = storage();
    if (!store) return;
    try { store.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked: keep in memory */ }
  }

  function session() {
    var now = Date.now();
    var current = load(state.sessionKey, null);
    if (!current || now - current.lastActivity > SESSION_TIMEOUT_MS) {
      current = { id: uuid(), lastActivity: now };
    }
    current.lastActivity = now;
    save(state.sessionKey, current);
    return current.id;
  }

  function persist() {
    save(state.queueKey, state.queue);
  }

  function context() {
    return {
      device: state.device,
      page: { path: global.location.pathname, title: global.document.title },
      screen: { width: global.innerWidth, height: global.innerHeight }
    };
  }

  function track(type, properties) {
    if (!state) throw new Error('onramp.init first');
    var event = {
      eventId: uuid(),
      type: type,
      userId: state.userId,
      sessionId: session(),
      occurredAt: new Date().toISOString(),
      context: context(),
      properties: properties || {}
    };
    state.queue.push(event);
    if (state.queue.length > MAX_QUEUE) state.queue.splice(0, state.queue.length - MAX_QUEUE);
    persist();
    if (state.immediate.indexOf(type) >= 0 || state.queue.length >= state.flushAt) flush();
    return event.eventId;
  }

  function schedule(delay) {
    if (state.timer) global.clearTimeout(state.timer);
    state.timer = global.setTimeout(function () { state.timer = null; flush(); }, delay);
  }

  function flush() {
    if (!state || state.inFlight || state.queue.length === 0) return Promise.resolve();
    if (Date.now() < state.retryAt) { schedule(state.retryAt - Date.now()); return Promise.resolve(); }
    var batch = state.queue.slice(0, MAX_BATCH);
    state.inFlight = true;
    return global.fetch(state.endpoint + '/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + state.writeKey },
      body: JSON.stringify(batch),
      keepalive: true
    }).then(function (response) {
      state.inFlight = false;
      if (response.ok || response.status === 400 || response.status === 413) {
        // Taken, or refused as invalid (retrying would not help): either way done with this batch.
        if (!response.ok && global.console) global.console.warn('onramp: events refused', response.status);
        remove(batch);
        state.failures = 0;
        if (state.queue.length > 0) flush();
        return;
      }
      backoff(response.headers.get('Retry-After'));
    }, function () {
      state.inFlight = false;
      backoff(null);
    });
  }

  function remove(batch) {
    var sent = {};
    batch.forEach(function (event) { sent[event.eventId] = true; });
    state.queue = state.queue.filter(function (event) { return !sent[event.eventId]; });
    persist();
  }

  function backoff(retryAfter) {
    state.failures++;
    var delay = retryAfter ? Number(retryAfter) * 1000 : Math.min(30000, 500 * Math.pow(2, state.failures - 1));
    delay = delay + Math.floor(Math.random() * 250);
    state.retryAt = Date.now() + delay;
    schedule(delay);
  }

  function beacon() {
    // Offline, or the API unreachable on the last try, a beacon would be lost: the queue stays in
    // localStorage for the next page instead.
    if (!state || state.queue.length === 0 || !global.navigator.sendBeacon || global.navigator.onLine === false
        || state.failures > 0) return;
    var batch = state.queue.slice(0, MAX_BATCH);
    var url = state.endpoint + '/v1/events?writeKey=' + encodeURIComponent(state.writeKey);
    // text/plain keeps the beacon a simple request (no preflight); the API reads it as JSON.
    if (global.navigator.sendBeacon(url, new Blob([JSON.stringify(batch)], { type: 'text/plain' }))) {
      remove(batch);
    }
  }

  function watchDevice() {
    global.addEventListener('resize', function () {
      var now = deviceClass(global.innerWidth);
      if (now === state.device) return;
      var from = state.device;
      state.device = now;
      if (state.onDeviceChange) state.onDeviceChange(from, now);
      track('device_changed', { from: from, to: now });
    });
  }

  global.onramp = {
    init: function (options) {
      if (!options || !options.writeKey || !options.endpoint || !options.userId) {
        throw new Error('onramp.init needs writeKey, endpoint and userId');
      }
      var prefix = 'onramp:' + options.writeKey.slice(-8) + ':';
      state = {
        writeKey: options.writeKey,
        endpoint: options.endpoint.replace(/\/$/, ''),
        userId: options.userId,
        flushAt: options.flushAt || 20,
        flushInterval: options.flushInterval || 1000,
        immediate: options.immediate || ['device_changed', 'step_completed', 'form_submit'],
        onDeviceChange: options.onDeviceChange,
        queueKey: prefix + 'queue',
        sessionKey: prefix + 'session',
        device: deviceClass(global.innerWidth),
        queue: [],
        inFlight: false,
        failures: 0,
        retryAt: 0,
        timer: null
      };
      state.queue = load(state.queueKey, []);
      watchDevice();
      global.setInterval(flush, state.flushInterval);
      global.addEventListener('pagehide', beacon);
      global.document.addEventListener('visibilitychange', function () {
        if (global.document.visibilityState === 'hidden') beacon();
      });
      global.addEventListener('online', flush);
      if (options.pageView !== false) track('page_view', {});
      flush();
    },
    track: track,
    flush: flush,
    device: function () { return state && state.device; },
    queued: function () { return state ? state.queue.length : 0; }
  };
})(window);
