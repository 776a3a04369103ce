/* Interview kit (roles/<id>/interview-kit/): narrows the kit to a level and categories (kept in the
   URL), keeps the scorecard rows of the skills the shown questions probe (their data-skills), sums the
   timing, prints, and copies the visible kit as Markdown (textContent only). */
(function () {
  "use strict";
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea"); area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  function each(root, sel, fn) { Array.prototype.forEach.call(root.querySelectorAll(sel), fn); }
  function one(s) { return String(s).split(/\s+/).join(" ").trim(); }

  function setup() {
    var root = document.getElementById("rb-kit");
    if (!root) return;
    var form = root.querySelector("form"), status = root.querySelector(".rb-kit__status");
    var params = new URLSearchParams(window.location.search);
    var level = form.elements.level;
    if (params.get("level") && Array.prototype.some.call(level.options, function (o) { return o.value === params.get("level"); })) level.value = params.get("level");
    if (params.get("cat") !== null) {
      var cats = params.get("cat").split(",");
      each(form, "input[name=cat]", function (b) { b.checked = cats.indexOf(b.value) !== -1; });
    }
    function chosen() { var out = []; each(form, "input[name=cat]", function (b) { if (b.checked) out.push(b.value); }); return out; }
    function update() {
      var lv = level.value, cats = chosen(), minutes = 0, count = 0, probed = {};
      each(root, ".rb-kit__questions > li", function (li) {
        var show = (li.dataset.level === "" || li.dataset.level === lv) && cats.indexOf(li.dataset.category) !== -1;
        li.hidden = !show;
        if (show) {
          minutes += Number(li.dataset.minutes); count++;
          (li.dataset.skills || "").split(" ").forEach(function (s) { if (s) probed[s] = true; });
        }
      });
      each(root, ".rb-kit__level", function (d) {
        d.hidden = d.dataset.level !== lv;
        var rows = 0, table = d.querySelector(".rb-kit__scorecard");
        each(d, ".rb-kit__scorecard tbody tr", function (tr) { tr.hidden = !probed[tr.dataset.skill]; if (!tr.hidden) rows++; });
        if (table) table.hidden = !rows;
        d.querySelector(".rb-kit__none").hidden = rows > 0;
      });
      root.querySelector("[data-rb-kit-minutes]").textContent = String(minutes);
      var timing = root.querySelector(".rb-kit__timing");
      timing.firstChild.textContent = count + " questions, about ";
      var p = new URLSearchParams(window.location.search);
      p.set("level", lv); p.set("cat", cats.join(","));
      window.history.replaceState(null, "", window.location.pathname + "?" + p.toString() + window.location.hash);
    }
    function markdown() {
      var lv = level.value, title = document.querySelector("h1").textContent.replace(/¶$/, "").trim();
      var md = ["# " + title + " (" + lv + ")", "", one(root.querySelector(".rb-kit__timing").textContent), "", "## Questions", ""];
      var n = 0;
      each(root, ".rb-kit__questions > li", function (li) {
        if (li.hidden) return;
        n++;
        md.push(n + ". **" + one(li.querySelector(".rb-kit__q").textContent) + "** (" + one(li.querySelector(".rb-kit__meta").textContent) + ")");
        var g = li.querySelector(".rb-kit__guidance");
        if (g) md.push("   - " + one(g.textContent));
      });
      var card = root.querySelector(".rb-kit__level[data-level='" + lv + "']");
      if (card) {
        var none = card.querySelector(".rb-kit__none");
        if (!none.hidden) md.push("", "## Scorecard", "", one(none.textContent));
        else md.push("", "## Scorecard", "", "| Skill | Expected | Anchor | Rating (1-5) | Notes |", "|---|---|---|---|---|");
        each(card, "tbody tr", function (tr) {
          if (tr.hidden) return;
          var c = tr.querySelectorAll("td");
          md.push("| " + [one(c[0].textContent), one(c[1].textContent), one(c[2].textContent).replace(/\|/g, "\\|"), "", ""].join(" | ") + " |");
        });
        var flags = card.querySelectorAll(".rb-kit__flags li");
        if (flags.length) {
          md.push("", "## Red flags", "");
          Array.prototype.forEach.call(flags, function (f) { md.push("- " + one(f.textContent)); });
        }
      }
      return md.join("\n") + "\n";
    }
    form.addEventListener("change", update);
    root.querySelector("[data-rb-kit-action=print]").addEventListener("click", function () { window.print(); });
    root.querySelector("[data-rb-kit-action=copy]").addEventListener("click", function () {
      copyText(markdown()).then(function () { status.textContent = "Copied."; });
    });
    form.hidden = false;
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
}());
