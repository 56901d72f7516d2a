    /* ---- axes.js: panel boxes in pixels, scales, ticks, and text kept inside the canvas ---- */
    function layout() {
      var w = Math.max(200, canvas.parentNode.clientWidth);
      var narrow = w < data.narrow_px;
      var h = Math.round(w / (narrow ? data.narrow_aspect : data.aspect));
      var font = Math.max(10, Math.min(14, w / 60));
      ctx.font = font + "px " + data.font;
      geom = { w: w, h: h, font: font, bgTexts: [], fgTexts: [] };
      var boxes = data.panels.map(function (p) {
        var b = narrow ? p.narrow : p.box;
        return { x: b[0] * w, y: b[1] * h, w: b[2] * w, h: b[3] * h };
      });
      fitNames(boxes);  // may make the canvas taller
      h = geom.h;
      var dpr = geom.dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
      canvas.style.height = h + "px";
      geom.panels = data.panels.map(function (p, i) {
        var box = boxes[i], x = p.x.slice(), y = p.y.slice();
        if (p.equal) {  // the same units per pixel on both axes, centred in the box
          var s = Math.max((x[1] - x[0]) / box.w, (y[1] - y[0]) / box.h);
          var cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
          x = [cx - s * box.w / 2, cx + s * box.w / 2]; y = [cy - s * box.h / 2, cy + s * box.h / 2];
        }
        var ly = p.log_y ? function (v) { return Math.log10(v); } : function (v) { return v; };
        var y0 = ly(y[0]), y1 = ly(y[1]);
        return { p: p, box: box, x: x, y: y, names: box.names,
                 px: function (v) { return box.x + (v - x[0]) / (x[1] - x[0]) * box.w; },
                 py: function (v) { return box.y + box.h - (ly(v) - y0) / (y1 - y0) * box.h; },
                 ix: function (X) { return x[0] + (X - box.x) / box.w * (x[1] - x[0]); },
                 iy: function (Y) { var t = y0 + (box.y + box.h - Y) / box.h * (y1 - y0); return p.log_y ? Math.pow(10, t) : t; } };
      });
      background = null;
      padPlace();
    }

    /* How far a panel's title stays above it: clear of the half of a y tick label that sits on its top edge. */
    function lift(i) { return data.panels[i].axes === false ? 2 : geom.font * 1.15 / 2 + 2; }
    /* `s` in lines no wider than `width` px, broken at spaces (a word wider than that keeps a line). */
    function wrap(s, width) {
      var lines = [], line = "";
      s.split(" ").forEach(function (word) {
        var next = line ? line + " " + word : word;
        if (line && ctx.measureText(next).width > width) { lines.push(line); line = word; } else line = next;
      });
      if (line) lines.push(line);
      return lines;
    }
    /* Each panel's names wrapped to its own width: the x name under its tick labels, the title above the
       panel. Where a title would not clear the canvas's top or the tick labels and x name of a panel
       above it, that panel and every one below it move down, and the canvas grows by as much, as it does
       where the last names would cross its bottom edge: no panel shrinks, none is written over. */
    function fitNames(boxes) {
      var lh = geom.font * 1.15;
      boxes.forEach(function (b, i) {
        var p = data.panels[i];
        b.names = { x: p.x_label ? wrap(p.x_label, b.w) : [], y: p.y_label ? wrap(p.y_label, b.w + 4) : [] };
        b.names.xw = Math.max.apply(null, [0].concat(b.names.x.map(function (l) { return ctx.measureText(l).width; })));
        b.names.yw = Math.max.apply(null, [0].concat(b.names.y.map(function (l) { return ctx.measureText(l).width; })));
      });
      function under(b, i) {  // the band below panel i that its tick labels and x name take
        var axes = data.panels[i].axes !== false, cx = b.x + b.w / 2, half = Math.max(b.names.xw / 2, b.w / 2 + 2 * geom.font);
        var depth = (axes ? 3 + lh : 0) + (b.names.x.length ? (axes ? 2 : 3) + b.names.x.length * lh : 0);
        return { left: Math.min(b.x - 4 * geom.font, cx - half), right: cx + half, bottom: b.y + b.h + depth };
      }
      var order = boxes.map(function (b, i) { return i; }).sort(function (i, j) { return boxes[i].y - boxes[j].y; });
      order.forEach(function (i) {
        var b = boxes[i];
        if (!b.names.y.length) return;
        var need = 1 + lift(i) + b.names.y.length * lh;  // room above the panel for its title
        var top = need;
        boxes.forEach(function (o, j) {
          if (j === i || o.y >= b.y) return;
          var u = under(o, j);
          if (u.right <= b.x - 4 || u.left >= b.x - 4 + b.names.yw) return;  // not in the title's columns
          top = Math.max(top, u.bottom + 2 + need);
        });
        var d = top - b.y, from = b.y;
        if (d <= 0) return;
        boxes.forEach(function (o) { if (o.y >= from) o.y += d; });
        geom.h += d;
      });
      var bottom = Math.max.apply(null, boxes.map(function (b, i) { return under(b, i).bottom; }));
      geom.h = Math.ceil(Math.max(geom.h, bottom + 1));
    }

    function ticks(lo, hi, n) {
      var span = hi - lo, raw = span / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
      var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return span / s <= n; });
      var out = [];
      for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
      return out;
    }
    var SUP = { "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074", "5": "\u2075",
                "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079", "-": "\u207b" };
    /* 10 to the e as the videos write it: 1, 10, 10², 10⁻³. */
    function power(e) {
      if (e === 0) return "1";
      if (e === 1) return "10";
      return "10" + String(e).split("").map(function (c) { return SUP[c]; }).join("");
    }
    /* A tick's number: plain where short, else m×10ⁿ (never e-notation); minus as U+2212. */
    function label(v) {
      if (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)) {
        var e = Math.floor(Math.log10(Math.abs(v))), m = +(v / Math.pow(10, e)).toPrecision(3);
        return (m === 1 ? "" : m === -1 ? "\u2212" : String(m).replace("-", "\u2212") + "\u00d7") + power(e);
      }
      return String(+v.toPrecision(4)).replace("-", "\u2212");
    }
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
    function free(q, texts) {  // box q meets none of these texts
      return texts.every(function (t) { return t.x >= q.x + q.w || q.x >= t.x + t.w || t.y >= q.y + q.h || q.y >= t.y + t.h; });
    }
    /* Draws `s` in box q (from `place`), recorded with its kind (tick, axis, mark) in `into` (an axis name
       with its panel's index and its role, "x" or "y"); `backing`: an opaque box behind it. */
    function put(s, q, kind, into, backing, panel, role) {
      if (backing) {
        var fill = ctx.fillStyle;
        ctx.fillStyle = color("background");
        ctx.fillRect(q.x - 2, q.y - 1, q.w + 4, q.h + 2);
        ctx.fillStyle = fill;
      }
      ctx.textAlign = "left"; ctx.textBaseline = "top";
      ctx.fillText(s, q.x, q.y + 0.1 * geom.font);
      into.push({ text: s, kind: kind, x: q.x, y: q.y, w: q.w, h: q.h, panel: panel, role: role });
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
        var axes = p.axes !== false;  // a drawing (a graph's layout) has no axes: no frame, no ticks
        var xt = axes ? ticks(g.x[0], g.x[1], tickCount(b.w, 6)) : [];
        var yt = !axes || p.log_y ? [] : p.y_ticks ? p.y_ticks.map(function (t) { return t[0]; }) : ticks(g.y[0], g.y[1], 5);
        if (axes && p.log_y) {
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
        if (axes) { ctx.beginPath(); ctx.moveTo(b.x, b.y); ctx.lineTo(b.x, b.y + b.h); ctx.lineTo(b.x + b.w, b.y + b.h); ctx.stroke(); }
        ctx.fillStyle = color("muted");
        xt.forEach(function (v) { text(label(v), g.px(v), b.y + b.h + 3, "center", "top", "tick", geom.bgTexts); });
        yt.forEach(function (v) {  // a y label that would meet an x label at the corner is left out
          var s = p.log_y ? power(Math.round(Math.log10(v))) : p.y_ticks ? tickName(p.y_ticks, v) : label(v);
          var q = place(s, b.x - 4, g.py(v), "right", "middle");
          if (free(q, geom.bgTexts)) put(s, q, "tick", geom.bgTexts);
        });
        p.layers.forEach(function (l) { if (l.kind === "mark") drawMark(g, l, geom.bgTexts); });
      });
      ctx = saved;
      return c;
    }

    function tickName(named, v) { return named.find(function (t) { return t[0] === v; })[1]; }

    /* The axis names (lines wrapped to the panel by `fitNames`), over the runs on an opaque backing, so that
       no curve crosses them: the x name centred under the tick labels, the title above the panel. */
    function drawAxisNames() {
      ctx.fillStyle = color("foreground");
      var lh = geom.font * 1.15;
      geom.panels.forEach(function (g, i) {
        var b = g.box, n = g.names, below = b.y + b.h + (g.p.axes === false ? 3 : lh + 5);
        n.x.forEach(function (s, k) {
          put(s, place(s, b.x + b.w / 2, below + k * lh, "center", "top"), "axis", geom.fgTexts, true, i, "x");
        });
        n.y.forEach(function (s, k) {
          put(s, place(s, b.x - 4, b.y - lift(i) - (n.y.length - k) * lh, "left", "top"), "axis", geom.fgTexts, true, i, "y");
        });
      });
    }
