/* The generic clip page: one video per clip, the storyboard's beats as chapters, the caption as text. */
(function () {
  "use strict";
  function fmt(s) { return s.toFixed(1) + " s"; }

  function init(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(root.querySelector(".mc-data").textContent);
    var video = root.querySelector(".mc-video");
    var title = root.querySelector(".mc-title");
    var caption = root.querySelector(".mc-caption");
    var play = root.querySelector(".mc-play");
    var scrub = root.querySelector(".mc-scrub");
    var time = root.querySelector(".mc-time");
    var list = root.querySelector(".mc-chapters");
    var choices = root.querySelectorAll(".mc-choice");
    var current = 0, beat = -1;

    function clip() { return data.clips[current]; }

    function beatAt(t) {
      var beats = clip().beats, i;
      for (i = beats.length - 1; i >= 0; i--) if (t >= beats[i].start - 1e-6) return i;
      return beats.length ? 0 : -1;
    }

    function showTime() {
      var t = video.currentTime || 0, d = clip().duration || video.duration || 1;
      time.textContent = fmt(t);
      scrub.value = String(Math.round(1000 * Math.min(1, t / d)));
      var b = beatAt(t);
      if (b !== beat) {
        beat = b;
        caption.textContent = b >= 0 ? clip().beats[b].caption : "";
        var buttons = list.querySelectorAll("button");
        for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-current", String(i === b));
      }
    }

    function seek(t) {
      video.currentTime = Math.max(0, Math.min(t, clip().duration));
      showTime();
    }

    function goBeat(i) {
      var beats = clip().beats;
      if (!beats.length) return;
      i = Math.max(0, Math.min(beats.length - 1, i));
      seek(beats[i].start);
    }

    function chapters() {
      list.textContent = "";
      clip().beats.forEach(function (b, i) {
        var li = document.createElement("li"), btn = document.createElement("button");
        var name = document.createElement("b"), text = document.createElement("span");
        btn.type = "button";
        btn.className = "mc-chapter";
        name.textContent = (i + 1) + ". " + b.name + " (" + fmt(b.start) + ")";
        text.textContent = b.caption;
        btn.appendChild(name);
        btn.appendChild(text);
        btn.addEventListener("click", function () { goBeat(i); });
        li.appendChild(btn);
        list.appendChild(li);
      });
    }

    function choose(i) {
      if (i < 0 || i >= data.clips.length) return;
      var playing = !video.paused;
      current = i;
      beat = -1;
      video.src = clip().src;
      video.setAttribute("aria-label", clip().title);
      title.textContent = clip().title;
      for (var k = 0; k < choices.length; k++) choices[k].setAttribute("aria-pressed", String(k === i));
      chapters();
      video.load();
      showTime();
      if (playing) video.play();
    }

    function toggle() {
      if (video.paused) {
        if (video.ended || video.currentTime >= clip().duration - 1e-3) video.currentTime = 0;
        video.play();
      } else {
        video.pause();
      }
    }

    video.addEventListener("timeupdate", showTime);
    video.addEventListener("seeked", showTime);
    video.addEventListener("play", function () { play.textContent = "Pause"; play.setAttribute("aria-pressed", "true"); });
    video.addEventListener("pause", function () { play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); });
    video.addEventListener("click", toggle);
    play.addEventListener("click", toggle);
    scrub.addEventListener("input", function () { seek(clip().duration * Number(scrub.value) / 1000); });
    for (var k = 0; k < choices.length; k++) {
      choices[k].addEventListener("click", (function (i) { return function () { choose(i); }; })(k));
    }
    root.addEventListener("keydown", function (ev) {
      var tag = ev.target.tagName;
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      if (ev.key === " " && tag !== "BUTTON" && tag !== "INPUT") { toggle(); ev.preventDefault(); }
      else if (ev.key === "ArrowRight" && tag !== "INPUT") { goBeat(beat + 1); ev.preventDefault(); }
      else if (ev.key === "ArrowLeft" && tag !== "INPUT") {
        var b = clip().beats[beat];
        goBeat(b && video.currentTime - b.start > 0.5 ? beat : beat - 1);
        ev.preventDefault();
      } else if (/^[1-9]$/.test(ev.key)) { choose(Number(ev.key) - 1); ev.preventDefault(); }
    });
    choose(0);
    window.maPerf = window.maPerf || { firstPaint: null };
    if (window.maPerf.firstPaint === null) window.maPerf.firstPaint = performance.now();
  }

  var roots = document.querySelectorAll(".mc-page");
  for (var i = 0; i < roots.length; i++) init(roots[i]);
})();
