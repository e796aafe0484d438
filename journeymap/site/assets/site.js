// journeymap site: the index's search and filters, a map page's diagram tabs, zoom and pan.
// Plain script, no build step. Every page works without it: the filters and tools stay hidden, and every
// diagram is shown one below the other.
(function () {
  "use strict";

  // ---------------------------------------------------------------- index: search and filters

  function values(card, key) {
    var value = JSON.parse(card.dataset[key] || "null");
    return Array.isArray(value) ? value : value ? [value] : [];
  }

  function setUpFilters(form) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".cards > .card"));
    var search = form.querySelector("#search");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var shown = form.querySelector(".shown");
    var none = document.querySelector("p.none");
    var texts = cards.map(function (card) { return card.textContent.toLowerCase(); });

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var count = 0;
      cards.forEach(function (card, index) {
        var visible = words.every(function (word) { return texts[index].indexOf(word) >= 0; }) &&
          selects.every(function (select) {
            return !select.value || values(card, select.dataset.filter).indexOf(select.value) >= 0;
          });
        card.hidden = !visible;
        count += visible ? 1 : 0;
      });
      shown.textContent = shown.dataset.template.replace("{shown}", count).replace("{total}", shown.dataset.total);
      if (none) { none.hidden = count > 0; }
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
  }

  // ---------------------------------------------------------------- map page: tabs

  function setUpTabs(list) {
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    function select(chosen, focus) {
      tabs.forEach(function (tab) {
        var on = tab === chosen;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        panel.hidden = !on;
        if (on) { fitLater(panel); }
      });
      if (focus) { chosen.focus(); }
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (event) {
        var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
        if (next === undefined) { return; }
        event.preventDefault();
        select(tabs[(next + tabs.length) % tabs.length], true);
      });
    });
    list.hidden = false;
    select(tabs[0], false);
  }

  // ---------------------------------------------------------------- map page: zoom and pan

  var MIN = 0.05, MAX = 8, STEP = 1.25;

  function Viewer(figure) {
    this.viewport = figure.querySelector(".viewport");
    this.image = this.viewport.querySelector("img");
    this.scale = 1; this.x = 0; this.y = 0; this.fitted = false;
    figure.querySelector(".zoom-tools").hidden = false;
    this.viewport.classList.add("zoomable");
    this.listen(figure);
  }

  Viewer.prototype.natural = function () {
    return { width: this.image.naturalWidth || 1, height: this.image.naturalHeight || 1 };
  };

  Viewer.prototype.draw = function () {
    this.image.style.transform = "translate(" + this.x + "px," + this.y + "px) scale(" + this.scale + ")";
    this.viewport.dataset.scale = this.scale.toFixed(3);
  };

  Viewer.prototype.fit = function () {
    var size = this.natural(), box = this.viewport.getBoundingClientRect();
    if (!box.width) { return; }
    this.scale = Math.min(box.width / size.width, box.height / size.height, 1);
    this.x = (box.width - size.width * this.scale) / 2;
    this.y = (box.height - size.height * this.scale) / 2;
    this.fitted = true;
    this.draw();
  };

  Viewer.prototype.zoom = function (factor, cx, cy) {
    var box = this.viewport.getBoundingClientRect();
    var px = cx === undefined ? box.width / 2 : cx, py = cy === undefined ? box.height / 2 : cy;
    var scale = Math.min(MAX, Math.max(MIN, this.scale * factor));
    this.x = px - (px - this.x) * (scale / this.scale);
    this.y = py - (py - this.y) * (scale / this.scale);
    this.scale = scale;
    this.draw();
  };

  Viewer.prototype.actual = function () {
    this.zoom(1 / this.scale);
  };

  Viewer.prototype.pan = function (dx, dy) {
    this.x += dx; this.y += dy;
    this.draw();
  };

  Viewer.prototype.listen = function (figure) {
    var self = this, drag = null;
    figure.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.dataset.zoom;
        if (action === "in") { self.zoom(STEP); }
        else if (action === "out") { self.zoom(1 / STEP); }
        else if (action === "fit") { self.fit(); }
        else { self.actual(); }
      });
    });
    this.viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      var box = self.viewport.getBoundingClientRect();
      self.zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });
    this.viewport.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY };
      self.viewport.setPointerCapture(event.pointerId);
      self.viewport.classList.add("dragging");
    });
    this.viewport.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      self.pan(event.clientX - drag.x, event.clientY - drag.y);
      drag = { x: event.clientX, y: event.clientY };
    });
    ["pointerup", "pointercancel"].forEach(function (name) {
      self.viewport.addEventListener(name, function () { drag = null; self.viewport.classList.remove("dragging"); });
    });
    this.viewport.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
      if (event.key === "+" || event.key === "=") { self.zoom(STEP); }
      else if (event.key === "-" || event.key === "_") { self.zoom(1 / STEP); }
      else if (event.key === "0") { self.fit(); }
      else if (event.key === "1") { self.actual(); }
      else if (moves[event.key]) { self.pan(moves[event.key][0], moves[event.key][1]); }
      else { return; }
      event.preventDefault();
    });
    window.addEventListener("resize", function () { if (self.fitted) { self.fit(); } });
  };

  function fitLater(panel) {
    var viewer = panel.journeymapViewer;
    if (!viewer || viewer.fitted) { return; }
    if (viewer.image.complete) { viewer.fit(); }
    else { viewer.image.addEventListener("load", function () { viewer.fit(); }, { once: true }); }
  }

  function setUpViewers() {
    document.querySelectorAll("figure.diagram").forEach(function (figure) {
      if (!figure.querySelector(".viewport")) { return; }
      figure.journeymapViewer = new Viewer(figure);
      fitLater(figure);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.filters");
    if (form) { setUpFilters(form); }
    setUpViewers();
    var tabs = document.querySelector(".tabs[role='tablist']");
    if (tabs) { setUpTabs(tabs); }
  });
}());
