/* Career-move planner (paths/). Computes the same gap and plan as generator/plan.py from
   api/paths/index.json and api/paths/<role>.json. Editor text is shown with textContent only; ticks
   are kept in localStorage and never sent anywhere. */
(function () {
  "use strict";
  var STORE = "rolebook:paths:";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function load(key) { try { return JSON.parse(localStorage.getItem(STORE + key) || "{}"); } catch (e) { return {}; } }
  function save(key, v) { try { localStorage.setItem(STORE + key, JSON.stringify(v)); } catch (e) { /* storage off */ } }
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    var area = el("textarea"); area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  function fetchJson(url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }); }
  function safeHref(url) { return /^https:\/\//i.test(url) ? url : null; }

  /* the gap and plan of generator/plan.py */
  function gaps(index, from, to) {
    var have = from[5], need = to[5], out = [];
    Object.keys(need).forEach(function (s) {
      var cur = have[s] || 0;
      if (need[s] > cur) out.push({ skill: s, name: index.skills[s][0], current: cur, target: need[s], gap: need[s] - cur });
    });
    out.sort(function (a, b) {
      var an = a.name.toLowerCase(), bn = b.name.toLowerCase();
      return (b.gap - a.gap) || (an < bn ? -1 : an > bn ? 1 : 0) || (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0);
    });
    return out;
  }
  function plan(index, gapList, role) {
    var wanted = gapList.map(function (g) { return g.skill; }), covered = {}, steps = [];
    role.phases.forEach(function (p) {
      var covers = wanted.filter(function (s) { return p.covers.indexOf(s) !== -1; });
      if (!covers.length) return;
      covers.forEach(function (s) { covered[s] = true; });
      steps.push({ title: p.title, weeks: p.weeks, covers: covers, goals: p.goals, milestone: p.milestone, resources: p.resources,
                   guessed: !!p.guessed });
    });
    gapList.forEach(function (g) {
      if (!covered[g.skill]) steps.push({ title: "Learn " + g.name, weeks: null, covers: [g.skill], goals: [], milestone: null,
                                          resources: index.skills[g.skill][1] });
    });
    return steps;
  }
  function money(v, currency) {
    try { return new Intl.NumberFormat("en", { style: "currency", currency: currency, maximumFractionDigits: 0 }).format(v); }
    catch (e) { return currency + " " + Math.round(v); }
  }

  function setup() {
    var root = document.getElementById("rb-paths");
    if (!root) return;
    var api = root.getAttribute("data-api"), form = root.querySelector("form"), result = root.querySelector(".rb-paths__result");
    var index = null, byCode = {};

    function point(value) { return byCode[(value || "").trim().toUpperCase()] || null; }
    /* ?have=sql:4,python:3 (from the finder): the reader's own ratings stand in for "where you are" */
    function havePoint(text) {
      var mine = {};
      text.split(",").forEach(function (pair) {
        var m = /^([a-z0-9-]+):([1-5])$/.exec(pair.trim());
        if (m && index.skills[m[1]]) mine[m[1]] = Number(m[2]);
      });
      return ["", null, null, "your skills", "", mine];
    }
    function show(state) {
      result.textContent = "";
      if (state.have && state.to && !state.from) {
        var goal = point(state.to);
        if (!goal) { result.appendChild(el("p", { "class": "rb-paths__error" }, ["Unknown level code: " + state.to + ". Pick one from the list."])); return; }
        fetchJson(api + goal[1] + ".json").then(function (role) { render(havePoint(state.have), goal, null, role); })
          .catch(function () { result.textContent = "The plan data could not be loaded."; });
        return;
      }
      var a = point(state.from), b = point(state.to);
      if (!state.from || !state.to) { result.appendChild(el("p", {}, ["Choose where you are and where you want to go."])); return; }
      if (!a || !b) { result.appendChild(el("p", { "class": "rb-paths__error" }, ["Unknown level code: " + (!a ? state.from : state.to) + ". Pick one from the list."])); return; }
      Promise.all([fetchJson(api + a[1] + ".json"), fetchJson(api + b[1] + ".json")]).then(function (roles) {
        render(a, b, roles[0], roles[1]);
      }).catch(function () { result.textContent = "The plan data could not be loaded."; });
    }

    function render(a, b, fromRole, toRole) {
      var key = a[0] + ">" + b[0], ticks = load(key);
      var g = gaps(index, a, b), steps = plan(index, g, toRole);
      var weeks = steps.reduce(function (n, s) { return n + (s.weeks || 0); }, 0);
      var md = ["# From " + a[3] + (a[0] ? " (" + a[0] + ")" : "") + " to " + b[3] + " (" + b[0] + ")", ""];
      result.appendChild(el("h2", { id: "the-plan" }, ["From " + a[3] + " to " + b[3]]));
      result.appendChild(el("p", { "class": "rb-paths__summary" }, [
        g.length + " skill(s) to gain or raise; " + weeks + " weeks of roadmap phases" +
        (steps.some(function (s) { return s.weeks === null; }) ? ", plus skills to learn from their own resources." : ".")]));

      result.appendChild(el("h3", {}, ["Skills to gain or raise"]));
      if (!g.length) result.appendChild(el("p", {}, ["None: your current level already meets every skill the target lists."]));
      else {
        var rows = g.map(function (x) {
          return el("tr", {}, [el("td", {}, [x.name]), el("td", {}, [String(x.current)]), el("td", {}, [String(x.target)]), el("td", {}, ["+" + x.gap])]);
        });
        result.appendChild(el("div", { "class": "rb-paths__scroll" }, [el("table", {}, [
          el("thead", {}, [el("tr", {}, [el("th", {}, ["Skill"]), el("th", {}, ["Now"]), el("th", {}, ["Target"]), el("th", {}, ["Gap"])])]),
          el("tbody", {}, rows)])]));
      }

      result.appendChild(el("h3", {}, ["Learning plan (" + weeks + " weeks)"]));
      md.push("## Learning plan (" + weeks + " weeks)", "");
      var list = el("ol", { "class": "rb-paths__steps" });
      steps.forEach(function (s, i) {
        var id = "step-" + (i + 1), names = s.covers.map(function (c) { return index.skills[c][0]; }).join(", ");
        var box = el("input", { type: "checkbox", "data-rb-tick": id });
        box.checked = !!ticks[id];
        box.addEventListener("change", function () { ticks[id] = box.checked; save(key, ticks); });
        var head = el("label", {}, [box, " ", el("strong", {}, [s.title]), s.weeks ? " · " + s.weeks + " weeks" : " · no estimate", " · covers " + names]);
        var item = el("li", {}, [head]);
        /* a phase that lists no skills is matched by the skill names in its text: say so */
        if (s.guessed) item.appendChild(el("p", { "class": "rb-paths__guessed" }, ["Coverage guessed from the phase's text: the roadmap lists no skills for this phase."]));
        md.push("- [" + (ticks[id] ? "x" : " ") + "] " + s.title + (s.weeks ? " (" + s.weeks + " weeks)" : "") + ": " + names);
        if (s.guessed) md.push("  - Coverage guessed from the phase's text");
        if (s.goals.length) item.appendChild(el("ul", {}, s.goals.map(function (t) { return el("li", {}, [t]); })));
        s.goals.forEach(function (t) { md.push("  - " + t); });
        if (s.milestone) { item.appendChild(el("p", {}, ["Milestone: " + s.milestone])); md.push("  - Milestone: " + s.milestone); }
        if (s.resources.length) {
          item.appendChild(el("p", {}, ["Resources: "].concat(s.resources.map(function (r, k) {
            var href = safeHref(r[1]);
            var node = href ? el("a", { href: href, rel: "noopener" }, [r[0]]) : el("span", {}, [r[0]]);
            return k ? el("span", {}, ["; ", node]) : node;
          }))));
          s.resources.forEach(function (r) { md.push("  - Resource: " + r[0] + (safeHref(r[1]) ? " <" + r[1] + ">" : "")); });
        }
        list.appendChild(item);
      });
      if (!steps.length) result.appendChild(el("p", {}, ["Nothing to learn for this move."]));
      else result.appendChild(list);
      var copy = el("button", { type: "button", "class": "md-button", "data-rb-paths-action": "copy" }, ["Copy as a Markdown checklist"]);
      var status = el("span", { role: "status" });
      copy.addEventListener("click", function () {
        copyText(md.join("\n") + "\n").then(function () { status.textContent = " Copied."; });
      });
      result.appendChild(el("p", {}, [copy, status]));

      if (!fromRole) {
        result.appendChild(el("p", {}, ["Enter where you are (a level code) to see how the level, its pay and its descriptors change."]));
      } else levelAndPay(a, b, fromRole, toRole);
      questions(b, toRole);
    }

    function levelAndPay(a, b, fromRole, toRole) {
      var la = index.levels[a[2]], lb = index.levels[b[2]], changes = [];
      index.descriptors.forEach(function (label, i) { if (la[1][i] !== lb[1][i]) changes.push([label, la[1][i], lb[1][i]]); });
      result.appendChild(el("h3", {}, ["How the level changes (" + a[2] + " → " + b[2] + ")"]));
      result.appendChild(changes.length ? el("ul", {}, changes.map(function (c) {
        return el("li", {}, [el("strong", {}, [c[0] + ": "]), c[1] + " → " + c[2]]);
      })) : el("p", {}, ["The same level descriptors."]));

      payBlock(fromRole.levels[a[2]].pay, toRole.levels[b[2]].pay, a[1] === b[1]);
    }

    function questions(b, toRole) {
      var qs = toRole.levels[b[2]].questions;
      result.appendChild(el("h3", {}, ["Interview questions to practise (" + b[2] + ")"]));
      result.appendChild(qs.length ? el("ul", {}, qs.map(function (q) {
        return el("li", {}, [q[0] + " (" + q[2] + ", " + q[3] + ")", q[1] ? el("p", { "class": "rb-paths__guidance" }, ["A good answer: " + q[1]]) : null]);
      })) : el("p", {}, ["No questions are pitched at this level; see the role's interview questions page."]));
    }

    function payBlock(fromPay, toPay, sameRole) {
      result.appendChild(el("h3", {}, ["Pay difference"]));
      /* a role's all-levels band says nothing about a move within that role */
      if (sameRole) {
        fromPay = fromPay.filter(function (x) { return !x.all_levels; });
        toPay = toPay.filter(function (x) { return !x.all_levels; });
      }
      var regions = {}, periods = {};
      fromPay.forEach(function (x) { toPay.forEach(function (y) { if (x.region === y.region && x.period === y.period) { regions[x.region] = 1; periods[x.period] = 1; } }); });
      var box = el("div", { "class": "rb-paths__pay" });
      var names = Object.keys(regions);
      if (!names.length) { box.appendChild(el("p", {}, ["No region has a band at both levels for the same period, so the pay is not compared."])); result.appendChild(box); return; }
      var rSel = el("select", { name: "region" }, names.map(function (r) { return el("option", { value: r }, [index.regions[r] || r]); }));
      var pSel = el("select", { name: "period" }, Object.keys(periods).map(function (p) { return el("option", { value: p }, [p]); }));
      var out = el("p", { "class": "rb-paths__pay-result", role: "status" });
      function update() {
        var r = rSel.value, p = pSel.value, found = null;
        fromPay.forEach(function (x) { toPay.forEach(function (y) {
          if (!found && x.region === r && y.region === r && x.period === p && y.period === p && x.currency === y.currency && x.source === y.source) found = [x, y];
        }); });
        if (!found) { out.textContent = "No comparable band in this region and period: the two sides come from different sources, periods or currencies, which are never mixed."; return; }
        var x = found[0], y = found[1], both = x.median != null && y.median != null;
        var scope = x.all_levels || y.all_levels ? " Bands for all levels of " + (x.all_levels && y.all_levels ? "both roles" : "one role") + ", not this level alone." : "";
        var va = both ? x.median : (x.min + x.max) / 2, vb = both ? y.median : (y.min + y.max) / 2, d = vb - va;
        out.textContent = (both ? "Median " : "Band midpoint ") + money(va, x.currency) + " → " + money(vb, y.currency) + " per " + p +
          ": " + (d >= 0 ? "+" : "−") + money(Math.abs(d), x.currency) + " (" + x.source_title + ", " + x.as_of + ")." + scope;
      }
      rSel.addEventListener("change", update); pSel.addEventListener("change", update);
      box.appendChild(el("p", {}, [el("label", {}, ["Region ", rSel]), " ", el("label", {}, ["Period ", pSel])]));
      box.appendChild(out);
      result.appendChild(box);
      update();
    }

    function state() {
      var p = new URLSearchParams(window.location.search);
      return { from: p.get("from") || "", to: p.get("to") || "", have: p.get("have") || "" };
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var s = { from: form.elements.from.value.trim().toUpperCase(), to: form.elements.to.value.trim().toUpperCase() };
      var q = new URLSearchParams(); if (s.from) q.set("from", s.from); if (s.to) q.set("to", s.to);
      window.history.pushState(null, "", window.location.pathname + "?" + q.toString());
      show(s);
    });
    window.addEventListener("popstate", function () { var s = state(); form.elements.from.value = s.from; form.elements.to.value = s.to; show(s); });

    fetchJson(api + "index.json").then(function (data) {
      index = data;
      var list = document.getElementById("rb-paths-codes");
      data.points.forEach(function (p) {
        byCode[p[0]] = p;
        list.appendChild(el("option", { value: p[0] }, [p[3] + (p[3].toLowerCase() === p[4].toLowerCase() ? "" : " (" + p[4] + ")") + " · " + p[2]]));
      });
      var s = state();
      if (s.from || s.to) { form.elements.from.value = s.from; form.elements.to.value = s.to; }
      root.hidden = false;  /* shown once the data is in, so nothing typed earlier is overwritten */
      show(s);
    }).catch(function () { root.hidden = false; result.textContent = "The catalog data could not be loaded."; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
}());
