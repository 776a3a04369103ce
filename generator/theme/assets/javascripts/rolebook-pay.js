/* Region picker on role pages: the page shows a bounded set of regions; every other region's pay
   comes from the role's api/roles/<id>.json, fetched on load. The choice is kept in the address
   (?region=<id>) so it can be shared. Data is shown with textContent only. */
(function () {
  "use strict";
  var PERIOD_NAMES = { year: "Annual pay", month: "Monthly pay", hour: "Hourly pay" };
  var PERIODS = ["year", "month", "hour"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function hasCents(b) {
    return b.period === "hour" || [b.min, b.max, b.median].some(function (v) { return v !== null && v % 1 !== 0; });
  }
  function money(value, b) {
    var opts = { style: "currency", currency: b.currency };
    if (!hasCents(b)) { opts.minimumFractionDigits = 0; opts.maximumFractionDigits = 0; }
    try { return new Intl.NumberFormat((b.locale || "en_US").replace("_", "-"), opts).format(value); }
    catch (e) { return b.currency + " " + value; }
  }
  function band(b) {
    return money(b.min, b) + "–" + money(b.max, b) + (b.open_ended ? "+" : "") + " / " + b.period;
  }

  function setupPicker() {
    var root = document.querySelector(".rb-region-picker");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "true");
    var select = root.querySelector("select");
    select.style.maxWidth = "100%";  // long region names never widen the page
    var out = root.querySelector(".rb-region-picker__result");
    var byRegion = {};

    function show(region) {
      out.textContent = "";
      var bands = byRegion[region];
      if (!bands) return;
      out.appendChild(el("p", {}, ["Pay in " + bands[0].region_name + ":"]));
      var kinds = [["role", bands.filter(function (b) { return !b.statistics; })]];
      bands.filter(function (b) { return b.statistics; }).forEach(function (b) {
        var known = kinds.filter(function (k) { return k[0] === b.statistics.code + " " + b.source; })[0];
        if (known) known[1].push(b); else kinds.push([b.statistics.code + " " + b.source, [b]]);
      });
      kinds.forEach(function (kind) {
        PERIODS.forEach(function (period) {
          var mine = kind[1].filter(function (b) { return b.period === period; });
          if (!mine.length) return;
          var stats = mine[0].statistics;
          var heads = stats ? ["Level", stats.min + " – " + stats.max, stats.median, "Source"] : ["Level", "Band", "Median", "Source"];
          var title = stats ? "Occupation-wide statistics, not this role's pay: " + stats.label + " (" + stats.match_text +
            "), " + stats.population : "Pay bands of this role";
          var body = el("tbody", {}, mine.map(function (b) {
            return el("tr", {}, [el("td", {}, [b.level || "All levels"]), el("td", {}, [band(b)]),
              el("td", {}, [b.median === null ? "–" : money(b.median, b) + " / " + b.period]),
              el("td", {}, [(b.source_title || b.source) + " (as of " + b.as_of + ")"])]);
          }));
          var wrap = el("div", { "class": "md-typeset__scrollwrap" });
          wrap.style.overflowX = "auto";  // a narrow screen scrolls the table, not the page
          out.appendChild(wrap);
          var inner = el("div", { "class": "md-typeset__table" });  // Material's padding inside its scroll box
          wrap.appendChild(inner);
          inner.appendChild(el("table", {}, [
            el("caption", {}, [title + " · " + PERIOD_NAMES[period] + ", " + bands[0].region_name]),
            el("thead", {}, [el("tr", {}, heads.map(function (h) { return el("th", { scope: "col" }, [h]); }))]), body]));
        });
      });
    }
    function fromUrl() {
      var wanted = new URLSearchParams(window.location.search).get("region") || "";
      select.value = byRegion[wanted] ? wanted : "";
      show(select.value);
    }
    function toUrl(region) {
      var params = new URLSearchParams(window.location.search);
      if (region) params.set("region", region); else params.delete("region");
      var query = params.toString();
      window.history.pushState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    function json(url) { return fetch(url).then(function (r) { return r.json(); }); }
    Promise.all([json(root.getAttribute("data-pay")), json(root.getAttribute("data-regions"))]).then(function (both) {
      // api/roles/<id>.json: `pay` is a list of groups (source, date, currency, period and, for
      // occupation-wide statistics, `statistics`), each with short rows of `pay_columns`.
      var data = both[0], regions = both[1].regions || {}, columns = data.pay_columns || [], names = {};
      (data.pay || []).forEach(function (g) {
        (g.rows || []).forEach(function (row) {
          var b = { currency: g.currency, period: g.period, source: g.source, source_title: g.source_title,
                    as_of: g.as_of, statistics: g.statistics || null };
          columns.forEach(function (c, i) { b[c] = row[i]; });
          var region = regions[b.region] || {};
          b.region_name = region.name || b.region;
          b.locale = region.locale;
          (byRegion[b.region] = byRegion[b.region] || []).push(b);
          names[b.region] = b.region_name;
        });
      });
      var ids = Object.keys(byRegion).sort(function (a, b) { return names[a].localeCompare(names[b]); });
      var frag = document.createDocumentFragment();
      ids.forEach(function (id) { frag.appendChild(el("option", { value: id }, [names[id]])); });
      select.appendChild(frag);
      select.addEventListener("change", function () { toUrl(select.value); show(select.value); });
      window.addEventListener("popstate", fromUrl);
      root.hidden = false;
      fromUrl();
    }).catch(function () { /* the picker stays hidden; the full pay table link is right below it */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPicker); else setupPicker();
})();
