    /* ---- axes.js: panel boxes in pixels, scales, ticks, and text kept inside the canvas ---- */
    function layout() {
      var w = Math.max(200, canvas.parentNode.clientWidth);
      var narrow = w < data.narrow_px;
      var h = Math.round(w / (narrow ? data.narrow_aspect : data.aspect));
      var dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
      canvas.style.height = h + "px";
      var font = Math.max(10, Math.min(14, w / 60));
      geom = { w: w, h: h, dpr: dpr, font: font, bgTexts: [], fgTexts: [], panels: data.panels.map(function (p) {
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
      padPlace();
    }

    function ticks(lo, hi, n) {
      var span = hi - lo, raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
      var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return span / s <= n; });
      var out = [];
      for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
      return out;
    }
    function label(v) { return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(0) : String(+v.toPrecision(4)); }
    /* How many ticks fit: at least about 3.5 characters' room per x label. */
    function tickCount(px, n) { return Math.max(2, Math.min(n, Math.floor(px / (geom.font * 3.5)))); }

    /* The box of `s` anchored at (x, y) as `align`/`baseline` say, moved inside the canvas where it would
       cross its edge. */
    function place(s, x, y, align, baseline) {
      var w = ctx.measureText(s).width, h = geom.font * 1.15;
      var left = align === "center" ? x - w / 2 : align === "right" ? x - w : x;
      var top = baseline === "middle" ? y - h / 2 : baseline === "bottom" ? y - h : y;
      return { x: Math.max(1, Math.min(geom.w - 1 - w, left)), y: Math.max(1, Math.min(geom.h - 1 - h, top)), w: w, h: h };
    }
    function clear(q) {  // no text drawn so far overlaps box q
      return geom.bgTexts.concat(geom.fgTexts).every(function (t) {
        return t.x >= q.x + q.w || q.x >= t.x + t.w || t.y >= q.y + q.h || q.y >= t.y + t.h;
      });
    }
    /* Draws `s` in box q (from `place`), recorded with its kind (tick, axis, mark) in `into`; `backing`:
       an opaque box behind it. */
    function put(s, q, kind, into, backing) {
      if (backing) {
        var fill = ctx.fillStyle;
        ctx.fillStyle = color("background");
        ctx.fillRect(q.x - 2, q.y - 1, q.w + 4, q.h + 2);
        ctx.fillStyle = fill;
      }
      ctx.textAlign = "left"; ctx.textBaseline = "top";
      ctx.fillText(s, q.x, q.y + 0.1 * geom.font);
      into.push({ text: s, kind: kind, x: q.x, y: q.y, w: q.w, h: q.h });
    }
    function text(s, x, y, align, baseline, kind, into, backing) {
      put(s, place(s, x, y, align, baseline), kind, into, backing);
    }

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
      geom.bgTexts = [];
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
        var xt = ticks(g.x[0], g.x[1], tickCount(b.w, 6)), yt = p.log_y ? [] : ticks(g.y[0], g.y[1], 5);
        if (p.log_y) {
          var e0 = Math.ceil(Math.log10(g.y[0])), e1 = Math.floor(Math.log10(g.y[1]));
          var every = Math.max(1, Math.ceil((e1 - e0 + 1) / Math.max(2, Math.floor(b.h / (geom.font * 1.6)))));
          for (var e = e0; e <= e1; e += every) yt.push(Math.pow(10, e));
        }
        if (!p.no_grid) {
          xt.forEach(function (v) { ctx.beginPath(); ctx.moveTo(g.px(v), b.y); ctx.lineTo(g.px(v), b.y + b.h); ctx.stroke(); });
          yt.forEach(function (v) { ctx.beginPath(); ctx.moveTo(b.x, g.py(v)); ctx.lineTo(b.x + b.w, g.py(v)); ctx.stroke(); });
        }
        p.layers.concat(resolve(point().layers).filter(function (l) { return geom.panels[l.panel] === g; }))
          .forEach(function (l) { if (l.kind === "line") drawLine(g, l, l.x.length); });
        padDots(g);
        ctx.restore();
        ctx.strokeStyle = color("muted"); ctx.lineWidth = 1;
        ctx.beginPath(); ctx.moveTo(b.x, b.y); ctx.lineTo(b.x, b.y + b.h); ctx.lineTo(b.x + b.w, b.y + b.h); ctx.stroke();
        ctx.fillStyle = color("muted");
        xt.forEach(function (v) { text(label(v), g.px(v), b.y + b.h + 3, "center", "top", "tick", geom.bgTexts); });
        yt.forEach(function (v) {
          text(p.log_y ? "1e" + Math.round(Math.log10(v)) : label(v), b.x - 4, g.py(v), "right", "middle", "tick", geom.bgTexts);
        });
        p.layers.forEach(function (l) { if (l.kind === "mark") drawMark(g, l, geom.bgTexts); });
      });
      ctx = saved;
      return c;
    }

    /* The axis names, over the runs on an opaque backing, so that no curve crosses them. */
    function drawAxisNames() {
      ctx.fillStyle = color("foreground");
      geom.panels.forEach(function (g) {
        var b = g.box, p = g.p;
        if (p.x_label) text(p.x_label, b.x + b.w / 2, b.y + b.h + geom.font * 1.15 + 5, "center", "top", "axis", geom.fgTexts, true);
        if (!p.y_label) return;
        // The y name above the panel where nothing else is written there, else inside its top left corner.
        var q = place(p.y_label, b.x - 4, b.y - 2, "left", "bottom");
        if (q.y + q.h > b.y || !clear(q)) q = place(p.y_label, b.x + 5, b.y + 2, "left", "top");
        put(p.y_label, q, "axis", geom.fgTexts, true);
      });
    }
