// sprintkit: keeps the participant page and the projector in step with the room.
// Polls the JSON API about once a second and swaps in the part the server rendered (escaped
// there); forms work without this file.
(function () {
  "use strict";
  var main = document.querySelector("main[data-api]");
  if (!main) { return; }
  var api = main.getAttribute("data-api");
  var seq = main.getAttribute("data-seq") || "0";
  var part = document.getElementById("part");
  var hash = part.getAttribute("data-hash");
  var beeped = false;

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880; osc.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no sound: the timer still shows 0:00 */ }
  }
  function tick() {
    var timer = document.querySelector(".timer[data-ends]");
    if (!timer) { return; }
    var skew = Number(timer.getAttribute("data-now")) - Number(timer.getAttribute("data-loaded"));
    var left = Math.max(0, Math.round((Number(timer.getAttribute("data-ends")) - Date.now() - skew) / 1000));
    timer.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    timer.classList.toggle("done", left === 0);
    if (left === 0 && !beeped) { beeped = true; beep(); }
    if (left > 0) { beeped = false; }
  }
  function stamp() {
    var timer = document.querySelector(".timer[data-ends]");
    if (timer && !timer.getAttribute("data-loaded")) { timer.setAttribute("data-loaded", String(Date.now())); }
  }
  var push = false;  // the server holds a poll until something changes: ask again at once
  function poll() {
    var sep = api.indexOf("?") < 0 ? "?" : "&";  // the projector's api may carry ?lang=
    fetch(api + sep + "sinds=" + encodeURIComponent(seq), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        push = !!(data && data.push);
        if (!data || data.html === undefined || String(data.seq) === seq) { return; }
        if (data.hash === hash) { seq = String(data.seq); return; }
        if (part.contains(document.activeElement)) { return; }  // typing: swap after the next poll
        part.innerHTML = data.html; hash = data.hash; seq = String(data.seq); stamp();
      })
      .catch(function () { push = false; /* offline for a moment: try again */ })
      .then(function () { setTimeout(poll, push ? 50 : 1000); });
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("form[data-api]")) { return; }
    ev.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-api"), {method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var box = document.getElementById("message");
        if (box) { box.textContent = data.error || ""; }
        if (!data.error && form.querySelector("textarea")) { form.querySelector("textarea").value = ""; }
        seq = "0";
        if (document.activeElement) { document.activeElement.blur(); }
      });
  });
  stamp(); setInterval(tick, 250); poll();
})();
