/*
 * onramp-lite: the smallest browser SDK that drives the demo. It sends events to the capture API
 * (POST /v1/events), sends a page_view on start, detects the device class from the viewport width and
 * sends device_changed when it changes. The full SDK (batching, retries, offline queue) is onramp.js,
 * served by the capture source.
 */
(function (global) {
  'use strict';

  var config = null;
  var device = null;

  function deviceClass(width) {
    if (width < 640) return 'mobile';
    if (width < 1024) return 'tablet';
    return 'desktop';
  }

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function context() {
    return {
      device: device,
      page: { path: global.location.pathname, title: global.document.title },
      screen: { width: global.innerWidth, height: global.innerHeight }
    };
  }

  function track(type, properties) {
    var event = {
      eventId: uuid(),
      type: type,
      userId: config.userId,
      sessionId: config.sessionId,
      occurredAt: new Date().toISOString(),
      context: context(),
      properties: properties || {}
    };
    return global.fetch(config.endpoint + '/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + config.writeKey },
      body: JSON.stringify(event),
      keepalive: true
    }).then(function (response) {
      if (!response.ok) throw new Error('capture answered ' + response.status);
      return event;
    });
  }

  function watchDevice() {
    global.addEventListener('resize', function () {
      var now = deviceClass(global.innerWidth);
      if (now !== device) {
        var from = device;
        device = now;
        if (config.onDeviceChange) config.onDeviceChange(from, now);
        track('device_changed', { from: from, to: now });
      }
    });
  }

  global.onramp = {
    init: function (options) {
      config = {
        endpoint: options.endpoint.replace(/\/$/, ''),
        writeKey: options.writeKey,
        userId: options.userId,
        sessionId: options.sessionId || uuid(),
        onDeviceChange: options.onDeviceChange
      };
      device = deviceClass(global.innerWidth);
      watchDevice();
      return track('page_view', {});
    },
    track: track,
    device: function () { return device; }
  };
})(window);
