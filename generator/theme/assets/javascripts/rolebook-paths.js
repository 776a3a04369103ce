/* Career-move planner (paths/). Computes the same gap and plan as generator/plan.py from the two roles'
   files, api/paths/<role code>.json (a level code up to its last dot, lower-cased), so a plan fetches
   kilobytes; the pickers' suggestions (api/paths/codes.json) are fetched only when a reader starts typing.
   Editor text is shown with textContent only; ticks are kept in localStorage and never sent anywhere. */
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
  function fetchJson(url) {
    return fetch(url).then(function (r) { if (!r.ok) { var e = new Error(r.status); e.status = r.status; throw e; } return r.json(); });
  }
  function safeHref(url) { return /^https:\/\//i.test(url) ? url : null; }

  /* the gap and plan of generator/plan.py */
  function gaps(skills, from, to) {
    var have = from[5], need = to[5], out = [];
    Object.keys(need).forEach(function (s) {
      var cur = have[s] || 0;
      if (need[s] > cur) out.push({ skill: s, name: skills[s][0], current: cur, target: need[s], gap: need[s] - cur });
    });
    out.sort(function (a, b) {
      var an = a.name.toLowerCase(), bn = b.name.toLowerCase();
      return (b.gap - a.gap) || (an < bn ? -1 : an > bn ? 1 : 0) || (a.skill < b.skill ? -1 : a.skill > b.skill ? 1 : 0);
    });
    return out;
  }
  function plan(skills, gapList, role) {
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
                                          resources: skills[g.skill][1] });
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
    var roles = {}, codesLoading = null, latest = 0;

    /* a level code's role file, fetched once; resolves to null when there is no such role */
    function roleFile(roleCode) {
      if (!roles[roleCode]) {
        roles[roleCode] = fetchJson(api + roleCode.toLowerCase() + ".json").catch(function (e) {
          if (e.status === 404) return null;
          delete roles[roleCode]; throw e;
        });
      }
      return roles[roleCode];
    }
    /* [code, role code, level, level title, role title, profile] and the role's file, or null for an unknown code */
    function point(value) {
      var code = (value || "").trim().toUpperCase(), m = /^([A-Z][A-Z0-9]*\.[A-Z][A-Z0-9]*)\.([A-Z][A-Z0-9]*)$/.exec(code);
      if (!m) return Promise.resolve(null);
      return roleFile(m[1]).then(function (role) {
        var lv = role && role.levels[m[2]];
        return lv ? { p: [code, m[1], m[2], lv.title, role.title, lv.profile], role: role } : null;
      });
    }
    /* the suggestions under both fields, fetched the first time a reader focuses one */
    function suggest() {
      if (codesLoading) return;
      codesLoading = fetchJson(api + "codes.json").then(function (list) {
        var box = document.getElementById("rb-paths-codes");
        list.forEach(function (r) {
          r[2].forEach(function (lv) {
            var title = lv[1] + (lv[1].toLowerCase() === r[1].toLowerCase() ? "" : " (" + r[1] + ")");
            box.appendChild(el("option", { value: r[0] + "." + lv[0] }, [title + " · " + lv[0]]));
          });
        });
      }).catch(function () { codesLoading = null; });
    }
    /* ?have=sql:4,python:3 (from the finder): the reader's own ratings stand in for "where you are" */
    function havePoint(text) {
      var mine = {};
      text.split(",").forEach(function (pair) {
        var m = /^([a-z0-9-]+):([1-5])$/.exec(pair.trim());
        if (m) mine[m[1]] = Number(m[2]);
      });
      return ["", null, null, "your skills", "", mine];
    }
    function unknown(code) {
      result.appendChild(el("p", { "class": "rb-paths__error" }, ["Unknown level code: " + code + ". Pick one from the list."]));
    }
    function show(state) {
      var ask = ++latest;  /* a later choice wins over a slower earlier fetch */
      result.textContent = "";
      if (state.have && state.to && !state.from) {
        point(state.to).then(function (goal) {
          if (ask !== latest) return;
          if (!goal) { unknown(state.to); return; }
          render(havePoint(state.have), goal.p, null, goal.role);
        }).catch(function () { result.textContent = "The plan data could not be loaded."; });
        return;
      }
      if (!state.from || !state.to) { result.appendChild(el("p", {}, ["Choose where you are and where you want to go."])); return; }
      Promise.all([point(state.from), point(state.to)]).then(function (two) {
        if (ask !== latest) return;
        if (!two[0] || !two[1]) { unknown(!two[0] ? state.from : state.to); return; }
        render(two[0].p, two[1].p, two[0].role, two[1].role);
      }).catch(function () { result.textContent = "The plan data could not be loaded."; });
    }

    function render(a, b, fromRole, toRole) {
      var key = a[0] + ">" + b[0], ticks = load(key);
      var g = gaps(toRole.skills, a, b), steps = plan(toRole.skills, g, toRole);
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
        var id = "step-" + (i + 1), names = s.covers.map(function (c) { return toRole.skills[c][0]; }).join(", ");
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
      var la = fromRole.levels[a[2]].level, lb = toRole.levels[b[2]].level, changes = [];
      toRole.descriptors.forEach(function (label, i) { if (la[1][i] !== lb[1][i]) changes.push([label, la[1][i], lb[1][i]]); });
      result.appendChild(el("h3", {}, ["How the level changes (" + a[2] + " → " + b[2] + ")"]));
      result.appendChild(changes.length ? el("ul", {}, changes.map(function (c) {
        return el("li", {}, [el("strong", {}, [c[0] + ": "]), c[1] + " → " + c[2]]);
      })) : el("p", {}, ["The same level descriptors."]));

      var names = {};
      [fromRole.regions, toRole.regions].forEach(function (r) { Object.keys(r).forEach(function (k) { names[k] = r[k]; }); });
      payBlock(fromRole.levels[a[2]].pay, toRole.levels[b[2]].pay, a[1] === b[1], names);
    }

    function questions(b, toRole) {
      var qs = toRole.levels[b[2]].questions;
      result.appendChild(el("h3", {}, ["Interview questions to practise (" + b[2] + ")"]));
      result.appendChild(qs.length ? el("ul", {}, qs.map(function (q) {
        return el("li", {}, [q[0] + " (" + q[2] + ", " + q[3] + ")", q[1] ? el("p", { "class": "rb-paths__guidance" }, ["A good answer: " + q[1]]) : null]);
      })) : el("p", {}, ["No questions are pitched at this level; see the role's interview questions page."]));
    }

    function payBlock(fromPay, toPay, sameRole, regionNames) {
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
      var rSel = el("select", { name: "region" }, names.map(function (r) { return el("option", { value: r }, [regionNames[r] || r]); }));
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

    form.elements.from.addEventListener("focus", suggest);
    form.elements.to.addEventListener("focus", suggest);
    var s0 = state();
    if (s0.from || s0.to) { form.elements.from.value = s0.from; form.elements.to.value = s0.to; }
    root.hidden = false;
    show(s0);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
}());
