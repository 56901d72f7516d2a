/* The explorable's player: draws one grid point of real simulation runs on a canvas, step by step.
   No framework, no network: the page's data is the JSON in the root's .ma-data script. */
(function (root) {
  "use strict";
  var data = JSON.parse(root.querySelector(".ma-data").textContent);
  var canvas = root.querySelector(".ma-canvas");
  var ctx = canvas.getContext("2d");
  var perf = { start: performance.now(), firstPaint: null, frames: [], draws: 0 };
  root.maPerf = perf;
  window.maPerf = perf;
  var N = data.steps;
  var st = { idx: data.sliders.map(function (s) { return s.index; }), step: N, playing: false,
             speed: 1, last: null, theme: root.getAttribute("data-theme") || "dark" };
  var geom = null, background = null, backgroundKey = "", images = {};
  var $ = function (sel) { return root.querySelector(sel); };
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
  function valueText(sl, v) { return sl.significant ? String(+v.toPrecision(sl.digits)) : v.toFixed(sl.digits); }
  function palette() { return data.themes[st.theme]; }
  function color(name) { var p = palette(); return p[name] || name; }

  /* ---- layout: panel boxes in pixels, scale functions ---- */
  function layout() {
    var w = Math.max(200, canvas.parentNode.clientWidth);
    var narrow = w < data.narrow_px;
    var h = Math.round(w / (narrow ? data.narrow_aspect : data.aspect));
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    canvas.style.height = h + "px";
    var font = Math.max(10, Math.min(14, w / 60));
    geom = { w: w, h: h, dpr: dpr, font: font, panels: data.panels.map(function (p) {
      var b = narrow ? p.narrow : p.box;
      var box = { x: b[0] * w, y: b[1] * h, w: b[2] * w, h: b[3] * h };
      var x = p.x.slice(), y = p.y.slice();
      if (p.equal) {  // the same units per pixel on both axes, centred in the box
        var s = Math.max((x[1] - x[0]) / box.w, (y[1] - y[0]) / box.h);
        var cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
        x = [cx - s * box.w / 2, cx + s * box.w / 2]; y = [cy - s * box.h / 2, cy + s * box.h / 2];
      }
      var ly = p.log_y ? function (v) { return Math.log10(v); } : function (v) { return v; };
      var y0 = ly(y[0]), y1 = ly(y[1]);
      return { p: p, box: box, x: x, y: y,
               px: function (v) { return box.x + (v - x[0]) / (x[1] - x[0]) * box.w; },
               py: function (v) { return box.y + box.h - (ly(v) - y0) / (y1 - y0) * box.h; },
               ix: function (X) { return x[0] + (X - box.x) / box.w * (x[1] - x[0]); },
               iy: function (Y) { var t = y0 + (box.y + box.h - Y) / box.h * (y1 - y0); return p.log_y ? Math.pow(10, t) : t; } };
    }) };
    background = null;
  }

  function ticks(lo, hi, n) {
    var span = hi - lo, raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return span / s <= n; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }
  function label(v) { return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(+v.toPrecision(4)); }

  function path(g, xs, ys, upto) {
    var pen = false;
    ctx.beginPath();
    for (var k = 0; k <= upto && k < xs.length; k++) {
      if (xs[k] === null || ys[k] === null) { pen = false; continue; }
      var X = g.px(xs[k]), Y = g.py(ys[k]);
      if (pen) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
      pen = true;
    }
  }

  function drawBackground() {
    var c = document.createElement("canvas");
    c.width = canvas.width; c.height = canvas.height;
    var saved = ctx; ctx = c.getContext("2d");
    ctx.setTransform(geom.dpr, 0, 0, geom.dpr, 0, 0);
    ctx.fillStyle = color("background"); ctx.fillRect(0, 0, geom.w, geom.h);
    ctx.font = geom.font + "px " + data.font;
    geom.panels.forEach(function (g) {
      var b = g.box, p = g.p;
      ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
      p.layers.forEach(function (l) {
        if (l.kind === "image") {
          var im = images[l.src[st.theme]];
          if (im && im.complete) ctx.drawImage(im, g.px(l.x[0]), g.py(l.y[1]), g.px(l.x[1]) - g.px(l.x[0]), g.py(l.y[0]) - g.py(l.y[1]));
        }
      });
      ctx.strokeStyle = color("grid"); ctx.lineWidth = 1;
      var xt = ticks(g.x[0], g.x[1], 6), yt = p.log_y ? [] : ticks(g.y[0], g.y[1], 5);
      if (p.log_y) for (var e = Math.ceil(Math.log10(g.y[0])); e <= Math.log10(g.y[1]); e++) yt.push(Math.pow(10, e));
      if (!p.no_grid) {
        xt.forEach(function (v) { ctx.beginPath(); ctx.moveTo(g.px(v), b.y); ctx.lineTo(g.px(v), b.y + b.h); ctx.stroke(); });
        yt.forEach(function (v) { ctx.beginPath(); ctx.moveTo(b.x, g.py(v)); ctx.lineTo(b.x + b.w, g.py(v)); ctx.stroke(); });
      }
      p.layers.concat(resolve(point().layers).filter(function (l) { return geom.panels[l.panel] === g; }))
        .forEach(function (l) { if (l.kind === "line") drawLine(g, l, l.x.length); });
      ctx.restore();
      ctx.strokeStyle = color("muted"); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(b.x, b.y); ctx.lineTo(b.x, b.y + b.h); ctx.lineTo(b.x + b.w, b.y + b.h); ctx.stroke();
      ctx.fillStyle = color("muted");
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      xt.forEach(function (v) { ctx.fillText(label(v), g.px(v), b.y + b.h + 3); });
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      yt.forEach(function (v) { ctx.fillText(p.log_y ? "1e" + Math.round(Math.log10(v)) : label(v), b.x - 4, g.py(v)); });
      ctx.fillStyle = color("foreground");
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      if (p.x_label) ctx.fillText(p.x_label, b.x + b.w / 2, b.y + b.h + geom.font + 6);
      ctx.textAlign = "left"; ctx.textBaseline = "top";
      if (p.y_label) ctx.fillText(p.y_label, b.x + 5, b.y + 2);
      p.layers.forEach(function (l) { if (l.kind === "mark") drawMark(g, l); });
    });
    ctx = saved;
    return c;
  }

  function drawLine(g, l, upto) {
    ctx.strokeStyle = color(l.color); ctx.lineWidth = l.width || 2;
    ctx.setLineDash(l.dash ? [6, 5] : []);
    path(g, l.x, l.y, upto); ctx.stroke();
    ctx.setLineDash([]);
  }
  function drawMark(g, m) {
    var X = g.px(m.x), Y = g.py(m.y);
    ctx.strokeStyle = color(m.color); ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(X, Y, 6, 0, 2 * Math.PI); ctx.stroke();
    if (m.label) {
      ctx.fillStyle = color(m.color); ctx.textAlign = "center"; ctx.textBaseline = "bottom";
      ctx.fillText(m.label, X, Y - 8);
    }
  }

  function at(a, s) {  // the value at fractional step s, between the steps around it
    var k = Math.floor(s), f = s - k;
    if (k >= a.length - 1) return a[a.length - 1];
    if (a[k] === null || a[k + 1] === null) return a[k];
    return a[k] + f * (a[k + 1] - a[k]);
  }

  function draw() {
    if (!geom) layout();
    var key = (point().layers || []).join(",");  // a point's own background layers (shared indices)
    if (key !== backgroundKey) { background = null; backgroundKey = key; }
    if (!background) background = drawBackground();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(background, 0, 0);
    ctx.setTransform(geom.dpr, 0, 0, geom.dpr, 0, 0);
    ctx.font = geom.font + "px " + data.font;
    var pt = point(), s = st.step, k = Math.floor(s);
    resolve(pt.lines).forEach(function (l) {
      var g = geom.panels[l.panel], b = g.box;
      ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
      drawLine(g, l, l.x.length); ctx.restore();
    });
    resolve(pt.series).forEach(function (sr) {
      var g = geom.panels[sr.panel], b = g.box;
      if (sr.style === "bars" || sr.style === "dots") { drawMarks(g, sr, s); return; }
      ctx.save(); ctx.beginPath(); ctx.rect(b.x - 8, b.y - 8, b.w + 16, b.h + 16); ctx.clip();
      ctx.globalAlpha = sr.ball ? 0.55 : 1; ctx.strokeStyle = color(sr.color); ctx.lineWidth = sr.ball ? 1.5 : 2.5;
      var hx = at(sr.x, s), hy = at(sr.y, s);
      if (sr.trail) {
        path(g, sr.x, sr.y, k);
        if (hx !== null && hy !== null && k < N) ctx.lineTo(g.px(hx), g.py(hy));
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      if (hx !== null && hy !== null) {
        ctx.fillStyle = color(sr.color);
        ctx.beginPath(); ctx.arc(g.px(hx), g.py(hy), sr.ball ? 7 : 3.5, 0, 2 * Math.PI); ctx.fill();
      }
      ctx.restore();
    });
    (pt.marks || []).forEach(function (m) { drawMark(geom.panels[m.panel], m); });
    drawLegend();
    perf.draws++;
    if (perf.firstPaint === null) perf.firstPaint = performance.now();
  }

  function drawMarks(g, sr, s) {  // bars growing one per step (to full height over a step), or dots
    var b = g.box, w = Math.max(1.5, 0.6 * b.w / (g.x[1] - g.x[0]));
    ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y - 8, b.w, b.h + 8); ctx.clip();
    ctx.fillStyle = color(sr.color);
    for (var k = 0; k < sr.x.length && k <= s; k++) {
      if (sr.x[k] === null || sr.y[k] === null) continue;
      var X = g.px(sr.x[k]);
      if (sr.style === "bars") {
        var grown = Math.min(1, s - k + (s >= N ? 1 : 0)), top = g.py(sr.y[k] * Math.max(grown, 0)), base = g.py(0);
        ctx.globalAlpha = 0.8; ctx.fillRect(X - w / 2, Math.min(top, base), w, Math.abs(base - top)); ctx.globalAlpha = 1;
      } else {
        ctx.beginPath(); ctx.arc(X, g.py(sr.y[k]), 3, 0, 2 * Math.PI); ctx.fill();
      }
    }
    ctx.restore();
  }

  function drawLegend() {
    var x = geom.panels[0].box.x + 8, y = 4;
    ctx.textAlign = "left"; ctx.textBaseline = "top";
    data.legend.forEach(function (e) {
      ctx.fillStyle = color(e[1]);
      ctx.beginPath(); ctx.arc(x + 5, y + geom.font / 2 + 1, 5, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = color("foreground");
      ctx.fillText(e[0], x + 14, y);
      x += 14 + ctx.measureText(e[0]).width + 16;
    });
  }

  /* ---- words and numbers follow the grid point ---- */
  function words() {
    var pt = point(), atEnd = st.step >= N;
    N = pt.steps || data.steps;  // a point may have its own number of steps (a slider that sets them)
    st.step = atEnd ? N : Math.min(st.step, N);
    scrub.max = N; shown = null; showStep();
    $(".ma-title").textContent = pt.title;
    $(".ma-verdict").textContent = pt.verdict;
    canvas.setAttribute("aria-label", pt.title + ". " + pt.verdict);
    var dl = $(".ma-numbers");
    dl.textContent = "";
    pt.numbers.forEach(function (n) {
      var row = document.createElement("div");
      row.className = "ma-num";
      row.setAttribute("data-label", n[0]);
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = n[0]; dd.textContent = n[1];
      row.appendChild(dt); row.appendChild(dd); dl.appendChild(row);
    });
    data.sliders.forEach(function (sl, i) {
      var v = sl.values[st.idx[i]];
      var input = root.querySelector(".ma-slider-" + i);
      root.querySelector(".ma-value-" + i).textContent = valueText(sl, v);
      input.value = st.idx[i];
      input.setAttribute("aria-valuetext", sl.label + " " + valueText(sl, v));
    });
  }

  var shown = null;
  function showStep() {
    var k = Math.floor(st.step), key = k + "/" + st.playing;
    if (key === shown) return;  // the DOM changes only when the counter does, not every frame
    shown = key;
    scrub.value = k;
    stepOut.textContent = "step " + k + " / " + N;
    playBtn.textContent = st.playing ? "Pause" : "Play";
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

  /* ---- controls ---- */
  function buildSliders() {
    var box = $(".ma-sliders");
    data.sliders.forEach(function (sl, i) {
      var id = root.id + "-s" + i, n = sl.values.length;
      var wrap = document.createElement("div");
      wrap.className = "ma-slider";
      wrap.innerHTML = '<label for="' + id + '"></label><input type="range" min="0" step="1">' +
        '<output aria-live="polite"></output><small></small>';
      wrap.querySelector("label").textContent = sl.label;
      var input = wrap.querySelector("input");
      input.id = id; input.max = n - 1; input.value = sl.index;
      input.className = "ma-slider-" + i;
      input.setAttribute("data-key", sl.key);
      input.setAttribute("aria-describedby", id + "-snap");
      wrap.querySelector("output").className = "ma-value-" + i;
      var note = wrap.querySelector("small");
      note.id = id + "-snap";
      note.textContent = "snaps to the " + n + " simulated values from " + valueText(sl, sl.values[0]) +
        " to " + valueText(sl, sl.values[n - 1]);
      input.addEventListener("input", function () { st.idx[i] = +input.value; words(); draw(); });
      box.appendChild(wrap);
    });
  }

  function setTheme(name) {
    st.theme = name;
    root.setAttribute("data-theme", name);
    themeBtn.textContent = name === "dark" ? "Light theme" : "Dark theme";
    background = null; draw();
  }

  scrub.max = N;
  playBtn.addEventListener("click", function () { play(!st.playing); });
  scrub.addEventListener("input", function () { st.playing = false; setStep(+scrub.value); });
  speedSel.addEventListener("change", function () { st.speed = +speedSel.value; });
  themeBtn.addEventListener("click", function () { setTheme(st.theme === "dark" ? "light" : "dark"); });
  root.addEventListener("keydown", function (e) {
    var t = e.target, tag = t.tagName;
    if (tag === "INPUT" || tag === "SELECT") return;  // sliders and menus keep their own keys
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      st.playing = false;
      setStep(Math.floor(st.step) + (e.key === "ArrowRight" ? 1 : -1));
      e.preventDefault();
    } else if (e.key === " " && tag !== "BUTTON") {
      play(!st.playing); e.preventDefault();
    }
  });
  if (data.click) {
    canvas.style.cursor = "crosshair";
    canvas.addEventListener("click", function (e) {
      var r = canvas.getBoundingClientRect(), g = geom.panels[data.click.panel];
      var X = e.clientX - r.left, Y = e.clientY - r.top, b = g.box;
      if (X < b.x || X > b.x + b.w || Y < b.y || Y > b.y + b.h) return;
      [[data.click.x, g.ix(X)], [data.click.y, g.iy(Y)]].forEach(function (kv) {
        var i = data.sliders.findIndex(function (s) { return s.key === kv[0]; }), best = 0;
        data.sliders[i].values.forEach(function (v, j) {
          if (Math.abs(v - kv[1]) < Math.abs(data.sliders[i].values[best] - kv[1])) best = j;
        });
        st.idx[i] = best;
      });
      words(); play(true);
    });
  }

  data.panels.forEach(function (p) {
    p.layers.forEach(function (l) {
      if (l.kind !== "image") return;
      Object.keys(l.src).forEach(function (t) {
        var im = new Image();
        im.onload = function () { background = null; draw(); };
        im.src = l.src[t];
        images[l.src[t]] = im;
      });
    });
  });
  buildSliders();
  setTheme(st.theme);
  words(); showStep(); draw();
  if (window.ResizeObserver) {
    var width = geom.w;
    new ResizeObserver(function () {
      if (Math.max(200, canvas.parentNode.clientWidth) !== width) { layout(); width = geom.w; draw(); }
    }).observe(root);
  }
})(document.currentScript.previousElementSibling);
