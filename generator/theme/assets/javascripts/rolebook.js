/* Rolebook's small client-side helpers: copy buttons, sortable tables, the compare page.
   Everything is built with textContent/createElement: data never becomes markup. */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  /* Copy buttons: <button data-rb-copy="#id" hidden> copies the target's value or text. The page ships
     them hidden, so without JavaScript no button is offered that would do nothing. */
  function setupCopy() {
    document.querySelectorAll("[data-rb-copy]").forEach(function (button) {
      if (!document.querySelector(button.getAttribute("data-rb-copy"))) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-rb-copy"));
        if (!target) return;
        var text = target.value !== undefined ? target.value : target.textContent;
        var label = button.textContent;
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else {
          fallbackCopy(text);
          done();
        }
      });
    });
  }

  function fallbackCopy(text) {
    var area = el("textarea", { "aria-hidden": "true" });
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
  }

  /* Sortable tables: click a heading of a table.rb-sortable. */
  function setupSortable() {
    document.querySelectorAll("table.rb-sortable").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, index) {
        th.setAttribute("tabindex", "0");
        th.setAttribute("role", "button");
        var sort = function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[index], y = b.cells[index];
            var kx = x.getAttribute("data-sort") || x.textContent.trim();
            var ky = y.getAttribute("data-sort") || y.textContent.trim();
            return (ascending ? 1 : -1) * kx.localeCompare(ky, undefined, { numeric: true });
          });
          rows.forEach(function (r) { body.appendChild(r); });
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
      });
    });
  }

  /* Compare page. */
  var DESCRIPTORS = [["scope", "Scope"], ["autonomy", "Autonomy"], ["complexity", "Complexity"],
    ["impact", "Impact"], ["decision_rights", "Decision rights"], ["leadership", "Leadership"]];

  function money(value, currency, cents) {
    /* Cents where the source has them (always for hourly pay), as on the role pages. */
    var opts = { style: "currency", currency: currency };
    if (!cents) { opts.minimumFractionDigits = 0; opts.maximumFractionDigits = 0; }
    try {
      return new Intl.NumberFormat(document.documentElement.lang || "en", opts).format(value);
    } catch (e) { return currency + " " + value; }
  }

  function years(span) {
    return span[1] === null ? span[0] + "+ yrs" : span[0] + "–" + span[1] + " yrs";
  }

  function renderCompare(root, data, picked) {
    var result = root.querySelector(".rb-compare__result");
    result.textContent = "";
    if (picked.length < 2) {
      result.appendChild(el("p", {}, ["Pick at least two roles to compare."]));
      return;
    }
    var base = root.getAttribute("data-base") || "../";
    var table = el("table");
    var head = el("tr", {}, [el("th", { scope: "col" }, [el("span", { "class": "rb-visually-hidden" }, ["Attribute"])])]);
    picked.forEach(function (r) {
      var link = el("a", { href: base + r.url }, [r.title]);
      head.appendChild(el("th", { scope: "col" }, [link, el("br"), r.role_title + " · " + r.code]));
    });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    function row(label, values, diffable) {
      var tr = el("tr", {}, [el("th", { scope: "row" }, [label])]);
      var distinct = {};
      values.forEach(function (v) { distinct[String(v)] = true; });
      var differs = diffable && Object.keys(distinct).length > 1;
      values.forEach(function (v) {
        var td = el("td", differs ? { "class": "rb-diff" } : {});
        if (v instanceof Node) td.appendChild(v); else td.textContent = v === null || v === undefined ? "–" : String(v);
        tr.appendChild(td);
      });
      if (differs) tr.setAttribute("data-differs", "true");
      body.appendChild(tr);
    }
    row("Level", picked.map(function (r) { return r.level + " · " + r.level_name; }), true);
    row("Typical experience", picked.map(function (r) { return years(r.experience); }), true);
    row("Time to learn", picked.map(function (r) {
      return r.time_to_learn_months ? "~" + r.time_to_learn_months + " months" : "–"; }), true);
    DESCRIPTORS.forEach(function (d) { row(d[1], picked.map(function (r) { return r.descriptors[d[0]]; }), true); });
    var regionName = {};
    (data.regions || []).forEach(function (g) { regionName[g.id] = g.name; });
    row("Salary", picked.map(function (r) {
      /* This level's own bands everywhere, plus all-level bands for the default region. */
      var bands = r.salary.filter(function (b) { return b.level || b.region === data.default_region; });
      if (!bands.length) return "–";
      var list = el("ul");
      bands.forEach(function (b) {
        var cents = b.period === "hour" || [b.min, b.max, b.median].some(function (v) { return v !== null && v % 1 !== 0; });
        list.appendChild(el("li", {}, [(regionName[b.region] || b.region) + (b.level ? "" : " (all levels)") + ": " +
          money(b.min, b.currency, cents) + "–" + money(b.max, b.currency, cents) + (b.open_ended ? "+" : "") +
          " / " + b.period + " (" + b.source + ", " + b.as_of + ")"]));
      });
      return list;
    }), false);
    var skills = {};
    picked.forEach(function (r) { r.skills.forEach(function (s) { skills[s.skill] = s.name; }); });
    Object.keys(skills).sort(function (a, b) { return skills[a].localeCompare(skills[b]); }).forEach(function (id) {
      row("Skill: " + skills[id], picked.map(function (r) {
        var hit = r.skills.filter(function (s) { return s.skill === id; })[0];
        return hit ? hit.proficiency + "/5" : "–";
      }), true);
    });
    row("Responsibilities", picked.map(function (r) {
      if (!r.responsibilities.length) return "–";
      var list = el("ul");
      r.responsibilities.forEach(function (t) { list.appendChild(el("li", {}, [t])); });
      return list;
    }), false);
    table.appendChild(body);
    result.appendChild(el("p", { "class": "rb-compare__legend" }, ["Highlighted cells differ between the roles."]));
    result.appendChild(el("div", { "class": "md-typeset__scrollwrap" }, [el("div", { "class": "md-typeset__table" }, [table])]));
  }

  /* The pickers come from api/compare.json (one short row per role-level); the details of a picked
     role-level come from its role's api/roles/<id>.json, fetched once, so the page stays small
     however large the catalog grows. */
  function setupCompare() {
    var root = document.getElementById("rb-compare");
    if (!root) return;
    root.hidden = false;
    var selects = root.querySelectorAll("select");
    var base = root.getAttribute("data-base") || "../";
    var data = null, byCode = {}, details = {}, generation = 0;
    function current() {
      return Array.prototype.map.call(selects, function (s) { return s.value; }).filter(Boolean);
    }
    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) { s.value = params.get(s.name) || ""; });
    }
    function detail(row) {
      if (!details[row.detail]) {
        details[row.detail] = fetch(base + row.detail).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        }).catch(function (e) { delete details[row.detail]; throw e; });  /* a failed load may be retried */
      }
      return details[row.detail].then(function (role) {
        return (role.role_levels || []).filter(function (r) { return r.code === row.code; })[0];
      });
    }
    function update(push) {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      var url = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      if (push) window.history.pushState(null, "", url);
      if (!data) return;
      var mine = ++generation;
      var rows = current().map(function (c) { return byCode[c]; }).filter(Boolean);
      Promise.all(rows.map(detail)).then(function (picked) {
        if (mine === generation) renderCompare(root, data, picked.filter(Boolean));
      }).catch(function () {
        if (mine === generation) root.querySelector(".rb-compare__result").textContent = "The role data could not be loaded.";
      });
    }
    fromUrl();
    selects.forEach(function (s) { s.addEventListener("change", function () { update(true); }); });
    window.addEventListener("popstate", function () { fromUrl(); update(false); });
    fetch(root.getAttribute("data-catalog")).then(function (r) { return r.json(); }).then(function (json) {
      data = json;
      data.role_levels.forEach(function (r) { byCode[r.code] = r; });
      selects.forEach(function (s) {
        var frag = document.createDocumentFragment();
        data.role_levels.forEach(function (r) {
          frag.appendChild(el("option", { value: r.code }, [r.title + " (" + r.role_title + ", " + r.level + ")"]));
        });
        s.appendChild(frag);
      });
      fromUrl();
      update(false);
    }).catch(function () {
      root.querySelector(".rb-compare__result").textContent = "The catalog data could not be loaded.";
    });
  }

  function init() { setupCopy(); setupSortable(); setupCompare(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
