(function () {
  "use strict";
  var doc = document;
  var chart = doc.getElementById("timeline-chart");
  var zoom = 1;

  function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }

  function marks() { return chart ? all(".mark", chart) : []; }

  function layout() {
    if (!chart) { return; }
    // The chart fills its box at 100%; the rendered width is only a floor for a page that cannot measure.
    var box = chart.parentNode && chart.parentNode.clientWidth ? chart.parentNode.clientWidth - 2 : 0;
    var base = Math.max(+chart.getAttribute("data-base-width"), box);
    var left = +chart.getAttribute("data-left");
    var right = +chart.getAttribute("data-right");
    var width = Math.round(base * zoom);
    chart.setAttribute("width", String(width));
    chart.setAttribute("viewBox", "0 0 " + width + " " + chart.getAttribute("height"));
    var span = width - left - right;
    all("[data-x]", chart).forEach(function (el) {
      var x = left + (+el.getAttribute("data-x")) * span;
      if (el.tagName.toLowerCase() === "line") {
        el.setAttribute("x1", x); el.setAttribute("x2", x);
      } else if (el.tagName.toLowerCase() === "text") {
        el.setAttribute("x", x);
      } else {
        all("circle", el).forEach(function (c) { c.setAttribute("cx", x); });
      }
    });
    all(".lane", chart).forEach(function (l) { l.setAttribute("x2", width - right); });
    var label = doc.getElementById("zoom-level");
    if (label) { label.textContent = Math.round(zoom * 100) + "%"; }
  }

  function checked(name) {
    var out = {};
    all("input[data-filter='" + name + "']").forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }

  function applyFilters() {
    var sev = checked("severity");
    var src = checked("source");
    var visible = 0;
    function show(el) {
      var ok = sev[el.getAttribute("data-severity")] !== false && src[el.getAttribute("data-source")] !== false;
      el.classList.toggle("filtered-out", !ok);
      return ok;
    }
    marks().forEach(function (m) { if (show(m)) { visible++; } });
    all("#timeline-table tbody tr").forEach(show);
    var count = doc.getElementById("visible-count");
    if (count) { count.textContent = visible + " of " + marks().length + " shown"; }
    return visible;
  }

  function copyText(text, button) {
    function done() {
      button.classList.add("copied");
      button.textContent = "Copied";
      setTimeout(function () { button.classList.remove("copied"); button.textContent = "Copy"; }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    doc.body.appendChild(area);
    area.select();
    try { doc.execCommand("copy"); } catch (e) { /* clipboard refused: the text stays selectable */ }
    doc.body.removeChild(area);
  }

  function setZoom(z) {
    zoom = Math.max(1, Math.min(16, z));
    layout();
  }

  all("[data-needs-js]").forEach(function (el) { el.hidden = false; });
  all("input[data-filter]").forEach(function (i) { i.addEventListener("change", applyFilters); });
  all("button.copy").forEach(function (b) {
    b.addEventListener("click", function () {
      var target = doc.getElementById(b.getAttribute("data-copy"));
      if (target) { copyText(target.textContent, b); }
    });
  });
  var zi = doc.getElementById("zoom-in"), zo = doc.getElementById("zoom-out"), zr = doc.getElementById("zoom-reset");
  if (zi) { zi.addEventListener("click", function () { setZoom(zoom * 1.5); }); }
  if (zo) { zo.addEventListener("click", function () { setZoom(zoom / 1.5); }); }
  if (zr) { zr.addEventListener("click", function () { setZoom(1); }); }
  if (chart) {
    chart.addEventListener("wheel", function (e) {
      if (e.ctrlKey || e.metaKey) { e.preventDefault(); setZoom(zoom * (e.deltaY < 0 ? 1.25 : 0.8)); }
    }, { passive: false });
  }
  marks().forEach(function (m) {
    m.addEventListener("click", function () {
      var details = doc.getElementById("timeline-details");
      if (details) { details.open = true; }
    });
  });
  window.addEventListener("beforeprint", function () { all("details").forEach(function (d) { d.open = true; }); });
  layout();
  applyFilters();

  function selftest() {
    var result = { errors: window.__reportErrors || [], checks: {} };
    var ms = marks();
    var section = doc.getElementById("timeline");
    result.marks = ms.length;
    result.entries = section ? +section.getAttribute("data-entries") : 0;
    result.rows = all("#timeline-table tbody tr").length;
    result.firstFailureMarks = all(".mark[data-first-failure='true']", chart || doc).length;
    function visibleMarks() {
      return ms.filter(function (m) { return getComputedStyle(m).display !== "none"; }).length;
    }
    function tryFilter(name) {
      var box = all("input[data-filter='" + name + "']")[0];
      if (!box || ms.length === 0) { return null; }
      var attr = "data-" + name;
      var expected = ms.filter(function (m) { return m.getAttribute(attr) !== box.value; }).length;
      box.checked = false;
      box.dispatchEvent(new Event("change"));
      var seen = visibleMarks();
      var rowsSeen = all("#timeline-table tbody tr").filter(function (r) {
        return getComputedStyle(r).display !== "none";
      }).length;
      box.checked = true;
      box.dispatchEvent(new Event("change"));
      return { value: box.value, expected: expected, visible: seen, rowsVisible: rowsSeen, restored: visibleMarks() };
    }
    result.checks.severityFilter = tryFilter("severity");
    result.checks.sourceFilter = tryFilter("source");
    var before = chart ? +chart.getAttribute("width") : 0;
    if (zi) { zi.click(); }
    result.checks.zoom = { before: before, after: chart ? +chart.getAttribute("width") : 0 };
    if (zr) { zr.click(); }
    result.copyButtons = all("button.copy").filter(function (b) { return !b.hidden; }).length;
    result.ok = result.errors.length === 0 && result.marks === result.entries && result.rows === result.entries
      && result.firstFailureMarks <= 1
      && [result.checks.severityFilter, result.checks.sourceFilter].every(function (c) {
        return c === null || (c.visible === c.expected && c.rowsVisible === c.expected && c.restored === result.marks);
      })
      && result.checks.zoom.after > result.checks.zoom.before;
    var out = doc.getElementById("selftest-result");
    out.textContent = JSON.stringify(result);
    out.hidden = false;
  }

  if (location.hash === "#selftest") { selftest(); }
})();
