/* Question bank (filters, flashcards, selection) and roadmap progress. Data is shown with
   textContent only; progress is kept in localStorage and never sent anywhere. */
(function () {
  "use strict";
  var STORE = "rolebook:";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function load(key, fallback) {
    try { var v = localStorage.getItem(STORE + key); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(STORE + key, JSON.stringify(value)); } catch (e) { /* storage off: progress not kept */ }
  }
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    var area = el("textarea"); area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  /* ---------- question bank ---------- */
  function setupBank() {
    var root = document.getElementById("rb-bank");
    if (!root) return;
    var form = root.querySelector("form");
    var fields = ["role", "category", "level", "difficulty", "q"];
    var results = root.querySelector(".rb-bank__results");
    var count = root.querySelector(".rb-bank__count");
    var more = root.querySelector(".rb-bank__more");
    var copyBtn = root.querySelector("[data-rb-action=copy]");
    var clearBtn = root.querySelector("[data-rb-action=clear]");
    var practiseBtn = root.querySelector("[data-rb-action=practice]");
    var selectionNote = root.querySelector(".rb-bank__selection");
    var base = root.getAttribute("data-base") || "";
    var data = null, matches = [], shown = 0, PAGE = 100;
    var selected = load("selected", {});

    function params() {
      var p = new URLSearchParams(window.location.search), out = {};
      fields.forEach(function (f) { out[f] = p.get(f) || ""; });
      return out;
    }
    function toForm(state) { fields.forEach(function (f) { form.elements[f].value = state[f]; }); }
    function fromForm() { var out = {}; fields.forEach(function (f) { out[f] = form.elements[f].value.trim(); }); return out; }
    function toUrl(state, push) {
      var p = new URLSearchParams();
      fields.forEach(function (f) { if (state[f]) p.set(f, state[f]); });
      var url = window.location.pathname + (p.toString() ? "?" + p.toString() : "");
      if (url === window.location.pathname + window.location.search) return;
      if (push) window.history.pushState(null, "", url); else window.history.replaceState(null, "", url);
    }
    function filter(state) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      return data.questions.filter(function (q) {
        if (state.role && q[1].indexOf(state.role) === -1) return false;
        if (state.category && q[2] !== state.category) return false;
        if (state.level && q[3] !== state.level) return false;
        if (state.difficulty && q[4] !== state.difficulty) return false;
        if (!words.length) return true;
        var hay = (q[5] + " " + (q[6] || "")).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      });
    }
    /* q[1] lists every role that asks the question (several for a shared question set). */
    function roleTitles(q) { return q[1].map(function (rid) { return data.roles[rid].title; }).join(", "); }
    function roleLinks(q) {
      var link = function (rid, text) { return el("a", { href: base + data.roles[rid].url + "#" + q[0] }, [text]); };
      if (q[1].length === 1) return [link(q[1][0], "On the role's question page")];
      var out = ["On the question pages of "];
      q[1].forEach(function (rid, i) { if (i) out.push(", "); out.push(link(rid, data.roles[rid].title)); });
      return out;
    }
    function item(q) {
      var box = el("input", { type: "checkbox", "aria-label": "Select: " + q[5] });
      box.checked = !!selected[q[0]];
      box.addEventListener("change", function () {
        if (box.checked) selected[q[0]] = true; else delete selected[q[0]];
        save("selected", selected); updateTools();
      });
      var meta = [roleTitles(q), data.categories[q[2]]];
      if (q[3]) meta.push(q[3]);
      meta.push(q[4]);
      var details = el("details", { "class": "question rb-q" }, [
        el("summary", {}, [q[5] + " ", el("span", { "class": "rb-meta" }, [meta.join(" · ")])]),
        el("p", {}, [q[6] || "No answer guidance yet.", " "].concat(roleLinks(q)))
      ]);
      return el("li", { "data-id": q[0] }, [box, details]);
    }
    function renderMore() {
      var next = matches.slice(shown, shown + PAGE);
      var frag = document.createDocumentFragment();
      next.forEach(function (q) { frag.appendChild(item(q)); });
      results.appendChild(frag);
      shown += next.length;
      more.hidden = shown >= matches.length;
    }
    function apply(state) {
      matches = filter(state);
      results.textContent = "";
      shown = 0;
      renderMore();
      count.textContent = matches.length ? "Showing " + matches.length + " of " + data.questions.length + " questions."
        : "No question matches these filters (of " + data.questions.length + ").";
      practiseBtn.disabled = matches.length === 0;
      root.setAttribute("data-count", String(matches.length));
      updateTools();
    }
    /* The selection outlives the filters: say how many selected questions the filters hide (they are copied too). */
    function chosen() { return data ? data.questions.filter(function (q) { return selected[q[0]]; }) : []; }
    function updateTools() {
      var picked = chosen(), n = picked.length, shownIds = {};
      matches.forEach(function (q) { shownIds[q[0]] = true; });
      var hidden = picked.filter(function (q) { return !shownIds[q[0]]; }).length;
      copyBtn.disabled = n === 0; clearBtn.disabled = n === 0;
      copyBtn.textContent = n ? "Copy " + n + " selected as Markdown" : "Copy selected as Markdown";
      selectionNote.textContent = !n ? "" : n + " selected" + (hidden ? ", " + (hidden === n ? (n === 1 ? "hidden" : "all " + n + " hidden") :
        hidden + " of them hidden") + " by the filters (copied too)." : ".");
    }
    var timer = null;
    form.addEventListener("change", function (e) {
      if (e.target.name === "q") return;
      var s = fromForm(); toUrl(s, true); apply(s);
    });
    form.addEventListener("input", function (e) {
      if (e.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(function () { var s = fromForm(); toUrl(s, false); apply(s); }, 150);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    window.addEventListener("popstate", function () { var s = params(); toForm(s); apply(s); });
    more.addEventListener("click", renderMore);
    /* Each question with what a good answer covers, indented under it (one line: pastes cleanly). */
    copyBtn.addEventListener("click", function () {
      var picked = chosen();
      var lines = picked.map(function (q) {
        return "- " + q[5] + " (" + roleTitles(q) + "; " + data.categories[q[2]] + (q[3] ? "; " + q[3] : "") + "; " + q[4] + ")" +
          "\n  - What a good answer covers: " + (q[6] ? q[6].replace(/\s+/g, " ").trim() : "no answer guidance yet.");
      });
      copyText("## Interview plan\n\n" + lines.join("\n") + "\n").then(function () {
        copyBtn.textContent = "Copied " + picked.length + " questions";
      });
    });
    clearBtn.addEventListener("click", function () {
      selected = {}; save("selected", selected); updateTools();
      results.querySelectorAll("input[type=checkbox]").forEach(function (b) { b.checked = false; });
    });
    setupCards(root, function () { return matches; }, function () { return data; });

    fetch(root.getAttribute("data-questions")).then(function (r) { return r.json(); }).then(function (json) {
      data = json;
      /* Role choices come from the data, so the page does not grow with the catalog. */
      var asked = {};
      data.questions.forEach(function (q) { q[1].forEach(function (rid) { asked[rid] = true; }); });
      var roleSelect = form.elements.role, frag = document.createDocumentFragment();
      Object.keys(data.roles).forEach(function (rid) {
        if (asked[rid]) frag.appendChild(el("option", { value: rid }, [data.roles[rid].title]));
      });
      roleSelect.appendChild(frag);
      root.hidden = false;
      var staticList = document.querySelector(".rb-bank__static");
      if (staticList) staticList.hidden = true;
      var pager = document.querySelector(".rb-pager");
      if (pager) pager.hidden = true;
      var s = params(); toForm(s); apply(s); updateTools();
    }).catch(function () { /* no JSON (e.g. opened from disk): the static list stays */ });
  }

  /* ---------- flashcards ---------- */
  function setupCards(root, getMatches, getData) {
    var panel = root.querySelector(".rb-cards");
    var list = root.querySelector(".rb-bank__results");
    var progressText = panel.querySelector(".rb-cards__progress");
    var question = panel.querySelector(".rb-cards__question");
    var meta = panel.querySelector(".rb-cards__meta");
    var answer = panel.querySelector(".rb-cards__answer");
    var deck = [], index = 0;
    var progress = load("cards", {});
    var answerButtons = panel.querySelectorAll("[data-rb-card=knew], [data-rb-card=missed], [data-rb-card=skip]");

    function counts() {
      var knew = 0, missed = 0;
      deck.forEach(function (q) { if (progress[q[0]] === "knew") knew++; else if (progress[q[0]] === "missed") missed++; });
      return { knew: knew, missed: missed };
    }
    function show() {
      var c = counts(), ended = index >= deck.length;
      progressText.textContent = (ended ? deck.length + " of " + deck.length + " cards seen" : "Card " + (index + 1) + " of " + deck.length) +
        " · knew " + c.knew + " · didn't " + c.missed;
      panel.setAttribute("data-knew", String(c.knew));
      panel.setAttribute("data-missed", String(c.missed));
      /* No card to answer at the end of the deck (or of an empty one): the answer buttons are off. */
      var hadFocus = Array.prototype.indexOf.call(answerButtons, document.activeElement) >= 0;
      answerButtons.forEach(function (b) { b.disabled = ended; });
      if (ended && hadFocus) { question.setAttribute("tabindex", "-1"); question.focus(); }  /* keyboard focus is not lost */
      if (ended) {
        question.textContent = deck.length ? "End of the deck." : "No questions match the filter.";
        meta.textContent = ""; answer.hidden = true; return;
      }
      var q = deck[index], data = getData();
      question.textContent = q[5];
      meta.textContent = q[1].map(function (rid) { return data.roles[rid].title; }).join(", ") + " · " + data.categories[q[2]] + (q[3] ? " · " + q[3] : "") + " · " + q[4] +
        (progress[q[0]] ? " · last time: " + (progress[q[0]] === "knew" ? "knew it" : "didn't") : "");
      answer.hidden = false; answer.open = false;
      answer.querySelector("p").textContent = q[6] || "No answer guidance yet.";
    }
    root.querySelector("[data-rb-action=practice]").addEventListener("click", function () {
      deck = getMatches().slice();
      index = 0;  /* start at the first card not answered yet */
      while (index < deck.length && progress[deck[index][0]]) index++;
      if (index >= deck.length) index = 0;
      panel.hidden = false; list.hidden = true;
      show();
      question.setAttribute("tabindex", "-1");
      question.focus();
    });
    panel.addEventListener("click", function (e) {
      var action = e.target.getAttribute && e.target.getAttribute("data-rb-card");
      if (!action) return;
      if (action === "close") { panel.hidden = true; list.hidden = false; return; }
      if (action === "reset") {
        var answered = Object.keys(progress).length;
        if (answered && !window.confirm("Reset your flashcard progress? This forgets what you answered for " + answered +
            (answered === 1 ? " question" : " questions") + " in this browser.")) return;
        progress = {}; save("cards", progress); index = 0; show(); return;
      }
      if (index < deck.length) {
        if (action === "knew" || action === "missed") { progress[deck[index][0]] = action; save("cards", progress); }
        index++;
      }
      show();
    });
  }

  /* ---------- roadmap progress ---------- */
  function setupRoadmap() {
    var box = document.querySelector("[data-rb-roadmap]");
    if (!box) return;
    var role = box.getAttribute("data-rb-roadmap");
    var key = "roadmap:" + role;
    var done = load(key, {});
    var inputs = Array.prototype.slice.call(document.querySelectorAll("input[data-rb-item]"));
    box.hidden = false;
    function update() {
      var total = inputs.length, ticked = 0;
      inputs.forEach(function (i) { if (i.checked) ticked++; });
      var pct = total ? Math.round(100 * ticked / total) : 0;
      box.querySelector(".rb-roadmap-progress__overall").textContent =
        "Overall: " + ticked + " of " + total + " goals and milestones done (" + pct + "%).";
      box.querySelector("progress").value = pct;
      document.querySelectorAll("span[data-rb-phase]").forEach(function (span) {
        var phase = span.getAttribute("data-rb-phase");
        var mine = inputs.filter(function (i) { return i.getAttribute("data-rb-item").indexOf(phase + "/") === 0; });
        var n = mine.filter(function (i) { return i.checked; }).length;
        span.textContent = "· " + n + " of " + mine.length + " done";
      });
    }
    inputs.forEach(function (i) {
      i.checked = !!done[i.getAttribute("data-rb-item")];
      i.addEventListener("change", function () {
        if (i.checked) done[i.getAttribute("data-rb-item")] = true; else delete done[i.getAttribute("data-rb-item")];
        save(key, done); update();
      });
    });
    box.querySelector("[data-rb-roadmap-action=reset]").addEventListener("click", function () {
      var ticked = inputs.filter(function (i) { return i.checked; }).length;
      if (ticked && !window.confirm("Reset your progress on this roadmap? This unticks " + (ticked === 1 ?
          "the 1 ticked goal or milestone" : "all " + ticked + " ticked goals and milestones") + " and cannot be undone.")) return;
      done = {}; save(key, done); inputs.forEach(function (i) { i.checked = false; }); update();
    });
    box.querySelector("[data-rb-roadmap-action=export]").addEventListener("click", function (e) {
      var lines = ["# " + document.querySelector("article h1").firstChild.textContent.trim(), ""];
      document.querySelectorAll("article h2[id^='phase-']").forEach(function (h) {
        lines.push("## " + h.firstChild.textContent.trim(), "");
        var node = h.nextElementSibling;
        while (node && node.tagName !== "H2") {
          node.querySelectorAll && node.querySelectorAll("input[data-rb-item]").forEach(function (i) {
            lines.push("- [" + (i.checked ? "x" : " ") + "] " + i.parentNode.textContent.trim());
          });
          node = node.nextElementSibling;
        }
        lines.push("");
      });
      var button = e.target;
      copyText(lines.join("\n")).then(function () { button.textContent = "Copied"; });
    });
    update();
  }

  function init() { setupBank(); setupRoadmap(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
