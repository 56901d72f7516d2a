    /* ---- draw.js: one frame: the background, then each run up to the current step, inside its panel ---- */
    function drawLine(g, l, upto) {
      ctx.strokeStyle = color(l.color); ctx.lineWidth = l.width || 2;
      ctx.setLineDash(l.dash ? [6, 5] : []);
      ctx.globalAlpha = l.alpha || 1;
      path(g, l.x, l.y, upto); ctx.stroke();
      ctx.setLineDash([]); ctx.globalAlpha = 1;
    }
    function drawMark(g, m, into) {
      var X = g.px(m.x), Y = g.py(m.y);
      ctx.strokeStyle = color(m.color); ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(X, Y, 6, 0, 2 * Math.PI); ctx.stroke();
      if (m.label) {
        ctx.fillStyle = color(m.color);
        text(m.label, X, Y - 8, "center", "bottom", "mark", into);
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
      geom.fgTexts = [];
      var pt = point(), s = st.step, k = Math.floor(s);
      resolve(pt.lines).forEach(function (l) {
        var g = geom.panels[l.panel], b = g.box;
        ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
        drawLine(g, l, l.x.length); ctx.restore();
      });
      resolve(pt.series).forEach(function (sr) {
        var g = geom.panels[sr.panel], b = g.box;
        if (sr.style === "bars" || sr.style === "dots") { drawMarks(g, sr, s); return; }
        // Runs stay inside their panel: one that leaves the range is cut at its edge, never drawn on the ticks.
        ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
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
      (pt.marks || []).forEach(function (m) { drawMark(geom.panels[m.panel], m, geom.fgTexts); });
      drawAxisNames();
      perf.texts = geom.bgTexts.concat(geom.fgTexts);
      perf.size = { w: geom.w, h: geom.h };
      perf.panels = geom.panels.map(function (g) { return { x: g.box.x, y: g.box.y, w: g.box.w, h: g.box.h }; });
      perf.draws++;
      if (perf.firstPaint === null) perf.firstPaint = performance.now();
    }

    function drawMarks(g, sr, s) {  // bars growing one per step (to full height over a step), or dots
      var b = g.box, w = Math.max(1.5, 0.6 * b.w / (g.x[1] - g.x[0]));
      ctx.save(); ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
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

    /* The legend is HTML under the canvas: it wraps at any width instead of running off the drawing. */
    function buildLegend() {
      var list = $(".ma-legend");
      data.legend.forEach(function (e) {
        var li = document.createElement("li"), dot = document.createElement("span");
        dot.className = "ma-swatch"; dot.setAttribute("data-color", e[1]); dot.setAttribute("aria-hidden", "true");
        li.appendChild(dot); li.appendChild(document.createTextNode(e[0]));
        list.appendChild(li);
      });
      if (!data.legend.length) list.parentNode.removeChild(list);
    }
    function paintLegend() {
      Array.prototype.forEach.call(root.querySelectorAll(".ma-swatch"), function (dot) {
        dot.style.background = color(dot.getAttribute("data-color"));
      });
    }
