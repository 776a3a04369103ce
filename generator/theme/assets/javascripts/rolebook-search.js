/* Site search in Material's header box, answered by Pagefind (the bundle the rolebook plugin writes to
   <site>/pagefind/). Nothing is fetched until the reader focuses the box or presses / or s; then only
   Pagefind's small runtime and the index chunks for the words typed. Result text is shown as text:
   only Pagefind's <mark> highlights survive, everything else in an excerpt becomes plain characters. */
(function () {
  "use strict";
  var SHOWN = 8, POOL = 12, SECTIONS = 3;  // results shown, of the best POOL (checked for an exact title)

  function init() {
    var root = document.querySelector(".md-search[data-rb-search]");
    var toggle = document.getElementById("__search");
    if (!root || !toggle) return;
    var input = root.querySelector(".md-search__input");
    var form = root.querySelector(".md-search__form");
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    var loading = null, latest = 0;

    function pagefind() {
      if (!loading) {
        var url = new URL(root.getAttribute("data-rb-bundle"), window.location.href).href;
        loading = import(url).then(function (pf) {
          return Promise.resolve(pf.options({ excerptLength: 24 })).then(function () { return pf; });
        });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function open() {
      if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
      if (document.activeElement !== input) { input.focus(); input.select(); }
    }
    function close() {
      if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
      if (root.contains(document.activeElement)) document.activeElement.blur();
    }

    /* Pagefind's excerpts are HTML with <mark> around the hits: keep the marks, turn the rest into text. */
    function marked(html) {
      var out = document.createDocumentFragment();
      var body = new DOMParser().parseFromString("<!doctype html><body>" + (html || ""), "text/html").body;
      body.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var m = document.createElement("mark");
          m.textContent = node.textContent;
          out.appendChild(m);
        } else {
          out.appendChild(document.createTextNode(node.textContent));
        }
      });
      return out;
    }
    function plain(html) { return marked(html).textContent.trim(); }
    function asHtml(text) { var d = document.createElement("div"); d.textContent = text; return d.innerHTML; }

    function article(heading, title, excerpt, kind) {
      var a = document.createElement("article");
      a.className = "md-search-result__article md-typeset" + (kind ? " md-search-result__article--document" : "");
      if (kind) {
        var icon = document.createElement("div");
        icon.className = "md-search-result__icon md-icon";
        a.appendChild(icon);
      }
      var h = document.createElement(heading);
      h.textContent = title;
      a.appendChild(h);
      if (excerpt) {
        var p = document.createElement("p");
        p.appendChild(marked(excerpt));
        a.appendChild(p);
      }
      return a;
    }
    function link(href, child) {
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = href;
      a.appendChild(child);
      return a;
    }
    function score(section) {
      var found = section.weighted_locations || [];
      return found.length ? found.reduce(function (sum, w) { return sum + (w.balanced_score || w.weight || 1); }, 0)
        : (section.locations || []).length;
    }
    function item(data) {
      var li = document.createElement("li"), title = plain(data.meta && data.meta.title) || data.url;
      li.className = "md-search-result__item";
      li.appendChild(link(data.url, article("h1", title, data.excerpt, true)));
      /* Sections (headings with an anchor) where the words are, best first: a question lands on its heading.
         The page's own heading is the result above, not a section of it. */
      (data.sub_results || []).filter(function (s) { return s.url && s.url.indexOf("#") > 0 && plain(s.title) !== title; })
        .map(function (s, i) { return { s: s, i: i, score: score(s) }; })
        .sort(function (a, b) { return b.score - a.score || a.i - b.i; })
        .slice(0, SECTIONS).map(function (x) { return x.s; }).forEach(function (s) {
          li.appendChild(link(s.url, article("h2", plain(s.title), s.excerpt, false)));
        });
      return li;
    }
    /* Pagefind ranks by words, not phrases (and splits "MLOps" into "ML" and "Ops"): of the best POOL
       results, a page whose title, or one of whose title aliases (a career guide's "Also known as",
       written as "A (P3); B"), is exactly what was typed goes first. */
    function norm(text) { return plain(text).toLowerCase().replace(/\s+/g, " ").trim(); }
    function names(data) {
      var meta = data.meta || {}, out = [norm(meta.title)];
      (meta.aliases ? plain(meta.aliases).split(";") : []).forEach(function (a) {
        out.push(norm(a.replace(/\([^()]*\)\s*$/, "")));
      });
      return out;
    }
    function exactFirst(pages, query) {
      var q = norm(query);
      var exact = pages.filter(function (d) { return names(d).indexOf(q) >= 0; });
      return exact.concat(pages.filter(function (d) { return exact.indexOf(d) < 0; }));
    }
    function count(n) {
      if (n === 0) return root.getAttribute("data-rb-none");
      if (n === 1) return root.getAttribute("data-rb-one");
      return root.getAttribute("data-rb-other").replace("#", String(n));
    }

    /* A level code typed in full is looked up directly: its page is catalog/<code>/ (one small request),
       so the 5 or so level pages of every role stay out of the index every first search downloads. */
    var CODE = /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9]*\.[A-Za-z0-9]+$/;
    function levelPage(query) {
      if (!CODE.test(query)) return Promise.resolve(null);
      var code = query.toUpperCase();
      var url = new URL(root.getAttribute("data-rb-levels") + code.toLowerCase() + "/", window.location.href).href;
      return fetch(url).then(function (r) {
        if (!r.ok) return null;
        return r.text().then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var h1 = doc.querySelector("article h1");
          if (!h1 || !doc.querySelector("#rb-level-code")) return null;
          h1.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
          var summary = doc.querySelector('meta[name="description"]');
          return { url: url, meta: { title: asHtml(code + " · " + h1.textContent.trim()) },
                   excerpt: asHtml(summary ? summary.getAttribute("content") : ""), sub_results: [] };
        });
      }).catch(function () { return null; });
    }

    function run() {
      var query = input.value.trim(), mine = ++latest;
      if (!query) {
        list.replaceChildren();
        meta.textContent = root.getAttribute("data-rb-placeholder");
        return;
      }
      pagefind().then(function (pf) {
        return pf.debouncedSearch(query, {}, 120);
      }).then(function (found) {
        if (!found || mine !== latest) return null;  // a later keystroke superseded this search
        var pages = Promise.all(found.results.slice(0, POOL).map(function (r) { return r.data(); }));
        return Promise.all([levelPage(query), pages]).then(function (both) {
          if (mine !== latest) return;
          var hit = both[0], pages = exactFirst(both[1], query);
          if (hit) pages = [hit].concat(pages.filter(function (d) { return d.url !== hit.url; }));
          pages = pages.slice(0, SHOWN);
          list.replaceChildren.apply(list, pages.map(item));
          meta.textContent = count(found.results.length + (hit ? 1 : 0));
          root.setAttribute("data-rb-shown", query);  // what the list now answers (tests and benchmarks wait on it)
        });
      }).catch(function () {
        if (mine === latest) meta.textContent = "Search is unavailable on this copy of the site (no search index was built).";
      });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link")); }

    input.addEventListener("focus", function () { open(); pagefind(); });
    input.addEventListener("input", run);
    toggle.addEventListener("change", function () { if (toggle.checked && document.activeElement !== input) input.focus(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = links()[0];
      if (first) window.location.assign(first.href);
    });
    form.addEventListener("reset", function () { window.setTimeout(function () { run(); input.focus(); }, 0); });
    root.addEventListener("keydown", function (ev) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (ev.key === "Escape") {
        ev.preventDefault();
        close();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!all.length) return;
        ev.preventDefault();
        var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
        if (next < 0 || (at < 0 && ev.key === "ArrowUp")) input.focus();
        else all[Math.min(next, all.length - 1)].focus();
      }
    });
    /* Material's shortcuts: / or s (or f) opens search from anywhere that is not a text field. */
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
      if (ev.key !== "/" && ev.key !== "s" && ev.key !== "f") return;
      var el = document.activeElement;
      if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
      ev.preventDefault();
      open();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
