/* journeymap serve: reload the page when the site is rebuilt.
   The preview server sends "reload" on /_journeymap/events after every rebuild, and "bye" when it stops.
   A stopped server is not asked again until the tab is shown again (no stream of failed requests); a
   server that vanished without a word is asked again after a second or two, then less and less often.
   Whenever a server answers after a gap, the page reloads: the site may have changed meanwhile.
   <html data-live> says where it stands: connected, stopped or waiting. */
(function () {
  "use strict";
  var EVENTS = "/_journeymap/events";
  var root = document.documentElement;
  var source = null;
  var lost = false;
  var delay = 1000;
  var timer = null;

  function connect() {
    timer = null;
    if (source) {
      return;
    }
    source = new EventSource(EVENTS);
    source.addEventListener("ready", function () {
      root.setAttribute("data-live", "connected");
      delay = 1000;
      if (lost) {
        location.reload();
      }
    });
    source.addEventListener("reload", function () {
      location.reload();
    });
    source.addEventListener("bye", function () {
      stop("stopped");
    });
    source.addEventListener("error", function () {
      if (source) {
        stop("waiting");
        timer = window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      }
    });
  }

  function stop(state) {
    source.close();
    source = null;
    lost = true;
    root.setAttribute("data-live", state);
  }

  function again() {
    if (!source && document.visibilityState === "visible") {
      window.clearTimeout(timer);
      connect();
    }
  }

  if (window.EventSource && location.protocol.indexOf("http") === 0) {
    document.addEventListener("visibilitychange", again);
    window.addEventListener("focus", again);
    connect();
  }
})();
