/* Job-description composer on each JD page: joins the blocks of api/jd/<role>.json in the order
   generator/jd.py's blocks() does, so the result equals `rolebook jd`'s. Blocks are made (and escaped)
   at build time; the composer only picks and joins them. Choices live in the URL. */
(function () {
  "use strict";
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }
  function compose(data, c, fmt) {
    var lv = data.levels[c.level], pay = lv.pay[c.region];
    if (!pay) {
      var name = (data.regions.filter(function (r) { return r[0] === c.region; })[0] || [c.region, c.region])[1];
      pay = {}; Object.keys(data.no_pay).forEach(function (f) { pay[f] = data.no_pay[f].replace("{region}", f === "html" ? esc(name) : name); });
    }
    var seq = [lv.head, data.about, c.context ? data.contexts[c.context] : null, lv.responsibilities, lv.must_have,
               data.nice_to_have, c.industry ? data.industries[c.industry] : null, pay, data.offer, data.inclusive];
    var body = seq.filter(Boolean).map(function (b) { return b[fmt]; }).join("\n\n");
    if (fmt === "html") {
      body = '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>' + esc(lv.title.split(/\s+/).join(" ")) +
        "</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>";
    }
    return body + "\n";
  }
  window.rolebookComposeJd = compose;
  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea"); area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  function setup() {
    var root = document.getElementById("rb-jd-composer");
    if (!root) return;
    var form = root.querySelector("form"), preview = root.querySelector(".rb-jd-composer__preview");
    var status = root.querySelector(".rb-jd-composer__status"), name = root.getAttribute("data-name");
    var fields = ["level", "context", "industry", "region"], data = null;
    var types = { md: "text/markdown", txt: "text/plain", html: "text/html" };

    function choice() { var c = {}; fields.forEach(function (f) { c[f] = form.elements[f].value; }); return c; }
    function update() {
      var c = choice(), p = new URLSearchParams(window.location.search);
      fields.forEach(function (f) { if (c[f]) p.set(f, c[f]); else p.delete(f); });
      window.history.replaceState(null, "", window.location.pathname + "?" + p.toString() + window.location.hash);
      preview.textContent = compose(data, c, "md");
    }
    /* a download is made on click and its blob: link removed at once, so the page holds no such link */
    function download(fmt) {
      var c = choice(), url = URL.createObjectURL(new Blob([compose(data, c, fmt)], { type: types[fmt] + ";charset=utf-8" }));
      var a = document.createElement("a");
      a.href = url; a.download = name + "-" + c.level.toLowerCase() + "." + fmt;
      document.body.appendChild(a); a.click(); document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }
    fetch(root.getAttribute("data-jd")).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }).then(function (d) {
      data = d;
      var region = form.elements.region;
      d.regions.forEach(function (r) { var o = document.createElement("option"); o.value = r[0]; o.textContent = r[1]; region.appendChild(o); });
      region.value = d.default_region;
      var p = new URLSearchParams(window.location.search);
      fields.forEach(function (f) {
        var v = p.get(f), sel = form.elements[f];
        if (v !== null && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) sel.value = v;
      });
      form.addEventListener("change", update);
      Array.prototype.forEach.call(root.querySelectorAll("[data-rb-jd-copy]"), function (b) {
        b.addEventListener("click", function () {
          copyText(compose(data, choice(), b.getAttribute("data-rb-jd-copy"))).then(function () { status.textContent = "Copied."; });
        });
      });
      Array.prototype.forEach.call(root.querySelectorAll("[data-rb-jd-download]"), function (b) {
        b.addEventListener("click", function () { download(b.getAttribute("data-rb-jd-download")); });
      });
      root.hidden = false;
      update();
    }).catch(function () { root.hidden = false; preview.textContent = "The job-description data could not be loaded."; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
}());
