/* Tables that do not fit: a table wider than the column it sits in (any table on a phone with more
   than two or three columns, the level scheme on a desktop) is shown as stacked rows instead, one
   block per row with each cell under its column's heading, so no column is ever off-screen.
   Headings are copied with textContent into a data-label attribute that CSS shows: text, never markup.
   The table keeps its table semantics for assistive technology through explicit roles.
   Tables added later by a script are fitted too. Without JavaScript the table scrolls sideways inside its own box, as Material lays it out. */
(function () {
  "use strict";

  var WRAPPERS = /(^|\s)md-typeset__(table|scrollwrap)(\s|$)/;
  var ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup", TR: "row" };

  function headings(table) {
    var row = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    /* a heading's first line: the compare page's role name, not the code under it */
    return row ? Array.prototype.map.call(row.cells, function (c) { return (c.innerText || c.textContent).trim().split("\n")[0]; }) : [];
  }

  function label(table, names) {
    if (table.hasAttribute("data-rb-labelled")) return;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          /* a row's own heading (a <th> in the body) heads its block and needs no label */
          if (names[col] && cell.tagName === "TD" && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", names[col]);
          col += cell.colSpan || 1;
        });
      });
    });
    table.setAttribute("data-rb-labelled", "");
  }

  function setRoles(table, on) {
    var nodes = [table].concat(Array.prototype.slice.call(table.querySelectorAll("thead, tbody, tfoot, tr, th, td")));
    nodes.forEach(function (node) {
      if (node.closest("table") !== table) return;  // a table inside a cell keeps its own layout
      var role = ROLES[node.tagName];
      if (node.tagName === "TH") role = node.parentNode.parentNode.tagName === "THEAD" ? "columnheader" : "rowheader";
      if (node.tagName === "TD") role = "cell";
      if (on) node.setAttribute("role", role);
      else node.removeAttribute("role");
    });
  }

  function room(table) {
    var box = table.parentElement;
    while (box && WRAPPERS.test(box.className)) box = box.parentElement;
    if (!box) return Infinity;
    var style = getComputedStyle(box);
    return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  /* All writes, then all reads, then all writes: one layout for the whole page, not one per table. */
  function fit(tables) {
    tables = Array.prototype.filter.call(tables, function (t) { return t.tHead && t.tBodies.length; });
    var was = tables.map(function (t) { return t.hasAttribute("data-rb-stack"); });
    tables.forEach(function (t) { t.removeAttribute("data-rb-stack"); });
    var wide = tables.map(function (t) { return t.scrollWidth > room(t) + 1; });
    var names = tables.map(function (t, i) { return wide[i] && !t.hasAttribute("data-rb-labelled") ? headings(t) : null; });
    tables.forEach(function (t, i) {
      if (wide[i]) {
        if (names[i]) label(t, names[i]);
        t.setAttribute("data-rb-stack", "");
      }
      if (wide[i] !== was[i]) setRoles(t, wide[i]);
    });
  }

  function fitAll() {
    fit(document.querySelectorAll(".md-typeset table"));
  }

  var width = 0, pending = 0;
  function onResize() {
    if (document.documentElement.clientWidth === width) return;
    width = document.documentElement.clientWidth;
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fitAll);
  }

  function start() {
    width = document.documentElement.clientWidth;
    fitAll();
    window.addEventListener("resize", onResize);
    /* tables a script builds later (the compare page's result) are fitted when they appear */
    var content = document.querySelector(".md-content");
    if (content && window.MutationObserver) {
      new MutationObserver(function (changes) {
        var added = changes.some(function (c) {
          return Array.prototype.some.call(c.addedNodes, function (n) { return n.nodeType === 1 && (n.tagName === "TABLE" || n.querySelector("table")); });
        });
        if (added) { cancelAnimationFrame(pending); pending = requestAnimationFrame(fitAll); }
      }).observe(content, { childList: true, subtree: true });
    }
    /* a table in a closed <details> has no width until it is opened */
    document.addEventListener("toggle", function (event) {
      if (event.target.open) fit(event.target.querySelectorAll("table"));
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
