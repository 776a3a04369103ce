/* Skills finder (finder/): ranks every role-level by fit to the reader's ratings, as generator/plan.py's
   rank() does: fit = Σ min / Σ max over both profiles (1 − the adjacency's skills distance), rounded to
   4 places; ties: fewer missing skills, then catalog order. Ratings live in the URL (?s=sql:4,python:3).
   Data: api/finder/profiles.json, compact (each level's profile as skill-index/proficiency pairs),
   unpacked once into points [code, role code, level, level title, role title, {skill: proficiency}].
   Editor text is shown with textContent only. */
(function () {
  "use strict";
  var PAGE = 20;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function rank(points, mine) {
    var out = new Array(points.length);
    for (var i = 0; i < points.length; i++) {
      var theirs = points[i][5], low = 0, high = 0, missing = 0, k;
      for (k in theirs) {
        var t = theirs[k], m = mine[k] || 0;
        low += t < m ? t : m; high += t > m ? t : m;
        if (m < t) missing++;
      }
      for (k in mine) if (!(k in theirs)) high += mine[k];
      var fit = high > 0 && low > 0 ? Math.round((low / high) * 1e4) / 1e4 : 0;
      out[i] = { i: i, fit: fit, missing: missing };
    }
    out.sort(function (a, b) { return (b.fit - a.fit) || (a.missing - b.missing) || (a.i - b.i); });
    return out;
  }
  window.rolebookFinderRank = rank;

  function unpack(file) {
    var skills = {}, points = [];
    file.skills.forEach(function (s) { skills[s[0]] = [s[1]]; });
    file.roles.forEach(function (r) {
      r[2].forEach(function (lv) {
        var prof = {}, flat = lv[2];
        for (var i = 0; i < flat.length; i += 2) prof[file.skills[flat[i]][0]] = flat[i + 1];
        points.push([r[0] + "." + lv[0], r[0], lv[0], lv[1], r[1], prof]);
      });
    });
    return { skills: skills, points: points };
  }

  function parse(text, skills) {
    var mine = {};
    (text || "").split(",").forEach(function (pair) {
      var m = /^([a-z0-9-]+):([1-5])$/.exec(pair.trim());
      if (m && skills[m[1]]) mine[m[1]] = Number(m[2]);
    });
    return mine;
  }
  function serialise(mine) {
    return Object.keys(mine).sort().map(function (k) { return k + ":" + mine[k]; }).join(",");
  }

  function setup() {
    var root = document.getElementById("rb-finder");
    if (!root) return;
    var form = root.querySelector("form"), list = root.querySelector(".rb-finder__results");
    var count = root.querySelector(".rb-finder__count"), more = root.querySelector("[data-rb-finder-action=more]");
    var paths = root.getAttribute("data-paths"), catalog = root.getAttribute("data-catalog");
    var data = null, ranked = [], shown = 0, mine = {};

    function item(r) {
      var p = data.points[r.i], theirs = p[5], names = data.skills;
      var covered = [], missing = [];
      Object.keys(theirs).forEach(function (k) {
        if ((mine[k] || 0) >= theirs[k]) covered.push(names[k][0]);
        else missing.push(names[k][0] + " " + (mine[k] || 0) + "→" + theirs[k]);
      });
      var title = p[3] + (p[3].toLowerCase() === p[4].toLowerCase() ? "" : " (" + p[4] + ")");
      var q = new URLSearchParams({ have: serialise(mine), to: p[0] });
      return el("li", { "data-code": p[0] }, [
        el("a", { href: catalog + p[0].toLowerCase() + "/" }, [title]), " ", el("code", {}, [p[0]]),
        el("span", { "class": "rb-finder__fit" }, [" · fit " + Math.round(r.fit * 100) + "%"]),
        el("p", {}, [el("strong", {}, ["Covered: "]), covered.length ? covered.join(", ") : "none yet"]),
        el("p", {}, [el("strong", {}, ["Missing: "]), missing.length ? missing.join("; ") : "nothing"]),
        el("p", {}, [el("a", { href: paths + "?" + q.toString() }, ["Plan this move from your skills"])]),
      ]);
    }
    function showMore() {
      var end = Math.min(shown + PAGE, ranked.length);
      for (; shown < end; shown++) list.appendChild(item(ranked[shown]));
      more.hidden = shown >= ranked.length;
    }
    function update(push) {
      mine = {};
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { if (Number(s.value) > 0) mine[s.name] = Number(s.value); });
      var text = serialise(mine), url = window.location.pathname + (text ? "?s=" + text : "");
      if (url !== window.location.pathname + window.location.search) window.history[push ? "pushState" : "replaceState"](null, "", url);
      list.textContent = ""; shown = 0; ranked = [];
      if (!text) { count.textContent = "Rate at least one skill to see the roles that fit."; more.hidden = true; return; }
      var t0 = performance.now();
      ranked = rank(data.points, mine);
      root.setAttribute("data-rank-ms", String(performance.now() - t0));
      count.textContent = "Ranked " + ranked.length + " role levels by fit to your " + Object.keys(mine).length + " skill(s).";
      showMore();
      root.setAttribute("data-update-ms", String(performance.now() - t0));
    }
    function fromUrl() {
      var s = parse(new URLSearchParams(window.location.search).get("s"), data.skills);
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (sel) { sel.value = String(s[sel.name] || 0); });
    }

    form.addEventListener("change", function () { update(false); });
    more.addEventListener("click", showMore);
    root.querySelector("[data-rb-finder-action=clear]").addEventListener("click", function () {
      Array.prototype.forEach.call(form.querySelectorAll("select"), function (sel) { sel.value = "0"; });
      update(true);
    });
    window.addEventListener("popstate", function () { fromUrl(); update(false); });
    fetch(root.getAttribute("data-api")).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (d) {
      data = unpack(d); window.rolebookFinderPoints = data.points; fromUrl(); root.hidden = false; update(false);
    }).catch(function () { root.hidden = false; count.textContent = "The catalog data could not be loaded."; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
}());
