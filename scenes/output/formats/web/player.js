    /* ---- player.js: the widget's state, its words and numbers, play and step ---- */
    var $ = function (sel) { return root.querySelector(sel); };
    var box = $(".ma-explorable"), canvas = $(".ma-canvas"), ctx = canvas.getContext("2d");
    var perf = { start: performance.now(), firstPaint: null, frames: [], draws: 0, texts: [] };
    host.maPerf = perf;  // this widget's own: what it drew, when, and its frame times
    var N = data.steps;
    var st = { idx: data.sliders.map(function (s) { return s.index; }), step: N, playing: false,
               speed: 1, last: null, theme: host.getAttribute("data-theme") || "dark" };
    var geom = null, background = null, backgroundKey = "", images = {};
    var playBtn = $(".ma-play"), scrub = $(".ma-scrub"), stepOut = $(".ma-step"),
        speedSel = $(".ma-speed"), themeBtn = $(".ma-theme");

    function pointIndex() {
      var i = 0;
      data.sliders.forEach(function (s, k) { i = i * s.values.length + st.idx[k]; });
      return i;
    }
    function point() { return data.points[pointIndex()]; }
    /* A point's series and lines may name an entry of data.shared by its index (a run several points share). */
    function resolve(list) { return (list || []).map(function (e) { return typeof e === "number" ? data.shared[e] : e; }); }
    /* A slider's value with its digits, or one more where those would round it (β* = 0.557 is not shown
       as 0.56 beside numbers that say 0.557). */
    function valueText(sl, v) {
      var text = sl.significant ? String(+v.toPrecision(sl.digits)) : v.toFixed(sl.digits);
      if (Math.abs(+text - v) > 1e-9 * Math.max(1, Math.abs(v)))
        text = sl.significant ? String(+v.toPrecision(sl.digits + 1)) : v.toFixed(sl.digits + 1);
      return text.replace("-", "\u2212");  // a minus sign, as the videos write it
    }
    function palette() { return data.themes[st.theme]; }
    function color(name) { var p = palette(); return p[name] || name; }
    function sliderIndex(key) { return data.sliders.findIndex(function (s) { return s.key === key; }); }
    function nearest(values, v) {
      var best = 0;
      values.forEach(function (u, j) { if (Math.abs(u - v) < Math.abs(values[best] - v)) best = j; });
      return best;
    }
    /* Sets the named sliders ({key: value}) to their grid values nearest the given ones. */
    function setValues(values) {
      Object.keys(values).forEach(function (key) {
        var i = sliderIndex(key);
        if (i >= 0) st.idx[i] = nearest(data.sliders[i].values, values[key]);
      });
      words(); draw();
    }

    /* Text whose numbers never break across lines: each number is a no-wrap span. */
    var NUMBER = /[\u2212-]?\d[\d.,]*(?:e[\u2212+-]?\d+)?(?:\s?[%\u00d7])?/g;
    function setText(el, text) {
      el.textContent = "";
      var at = 0;
      text.replace(NUMBER, function (m, offset) {
        if (offset > at) el.appendChild(document.createTextNode(text.slice(at, offset)));
        var span = document.createElement("span");
        span.className = "ma-n"; span.textContent = m; el.appendChild(span);
        at = offset + m.length;
      });
      if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
    }

    /* ---- words and numbers follow the grid point ---- */
    var announced = null, announceTimer = null;
    function words() {
      var pt = point(), atEnd = st.step >= N;
      N = pt.steps || data.steps;  // a point may have its own number of steps (a slider that sets them)
      st.step = atEnd ? N : Math.min(st.step, N);
      scrub.max = N; shown = null; showStep();
      setText($(".ma-title"), pt.title);
      setText($(".ma-verdict"), pt.verdict);
      canvas.setAttribute("aria-label", pt.title + ". " + pt.verdict);
      var dl = $(".ma-numbers dl");
      dl.textContent = "";
      pt.numbers.forEach(function (n) {
        var row = document.createElement("div");
        row.className = "ma-num";
        row.setAttribute("data-label", n[0]);
        var dt = document.createElement("dt"), dd = document.createElement("dd");
        dt.textContent = n[0]; setText(dd, n[1]);
        row.appendChild(dt); row.appendChild(dd); dl.appendChild(row);
      });
      data.sliders.forEach(function (sl, i) {
        var v = sl.values[st.idx[i]], input = root.querySelector(".ma-slider-" + i);
        root.querySelector(".ma-value-" + i).textContent = valueText(sl, v);
        input.value = st.idx[i];
        input.setAttribute("aria-valuetext", valueText(sl, v));
      });
      padSync();
      announce(pt.title);
    }
    /* The status region says a new title once the reader has settled on a point, not at every value a
       dragged slider passes (and never per frame). */
    function announce(text) {
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        if (text === announced) return;
        announced = text;
        $(".ma-status").textContent = text;
      }, 600);
    }

    var shown = null;
    function showStep() {
      var k = Math.floor(st.step), key = k + "/" + st.playing;
      if (key === shown) return;  // the DOM changes only when the counter does, not every frame
      shown = key;
      scrub.value = k;
      stepOut.textContent = (data.scrub ? data.scrub.counter : "step") + " " + k + " / " + N;
      $(".ma-icon").textContent = st.playing ? "\u275a\u275a" : "\u25b6";  // the name stays "Play"
      playBtn.setAttribute("aria-pressed", st.playing ? "true" : "false");
    }

    function setStep(s) { st.step = Math.max(0, Math.min(N, s)); showStep(); draw(); }
    function play(on) {
      if (on && st.step >= N) st.step = 0;
      if (!on) st.step = Math.floor(st.step);  // a pause rests on the step the counter shows
      st.playing = on; st.last = null; showStep(); draw();
      if (on) requestAnimationFrame(tick);
    }
    function tick(now) {
      if (!st.playing) return;
      if (st.last !== null) st.step += (now - st.last) / 1000 * (point().speed || data.speed) * st.speed;
      st.last = now;
      perf.frames.push(now);
      if (st.step >= N) { st.step = N; st.playing = false; }
      showStep(); draw();
      if (st.playing) requestAnimationFrame(tick);
    }
