    /* ---- pad.js: the two-dimensional control. "pad": {panel, label, points: [[x, y, {slider key: value}]]}:
       a pointer in that panel picks the listed point nearest it (in pixels) and sets the named sliders;
       arrow keys move to the neighbouring point in their direction. ---- */
    var pad = null, PAD_EDGE = 8;
    function buildPad() {
      if (!data.pad) return;
      var el = document.createElement("div");
      el.className = "ma-pad"; el.tabIndex = 0;
      el.setAttribute("role", "slider");
      el.setAttribute("aria-roledescription", "two-dimensional control");
      el.setAttribute("aria-label", data.pad.label);
      el.setAttribute("aria-valuemin", "0");
      el.setAttribute("aria-valuemax", String(data.pad.points.length - 1));
      canvas.parentNode.appendChild(el);
      pad = { el: el, current: -1, down: false };
      el.addEventListener("pointerdown", function (e) {
        pad.down = true; el.setPointerCapture(e.pointerId); el.focus(); pick(e); e.preventDefault();
      });
      el.addEventListener("pointermove", function (e) { if (pad.down) pick(e); });
      el.addEventListener("pointerup", function (e) { pad.down = false; el.releasePointerCapture(e.pointerId); });
      el.addEventListener("keydown", function (e) {
        var d = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
        if (!d) return;
        e.preventDefault();
        var next = neighbour(pad.current < 0 ? 0 : pad.current, d);
        if (next >= 0) choose(next);
      });
      padPlace();
    }
    function padPanel() { return geom.panels[data.pad.panel]; }
    function padXY(i) { var g = padPanel(), q = data.pad.points[i]; return [g.px(q[0]), g.py(q[1])]; }
    function padPlace() {
      if (!pad || !geom) return;
      // PAD_EDGE px beyond the panel on every side, so that points on its edges are easy to hit
      var b = padPanel().box, s = pad.el.style;
      s.left = b.x - PAD_EDGE + "px"; s.top = b.y - PAD_EDGE + "px";
      s.width = b.w + 2 * PAD_EDGE + "px"; s.height = b.h + 2 * PAD_EDGE + "px";
    }
    function pick(e) {
      var r = canvas.getBoundingClientRect(), X = e.clientX - r.left, Y = e.clientY - r.top, best = -1, dist = Infinity;
      data.pad.points.forEach(function (q, i) {
        var P = padXY(i), d = (P[0] - X) * (P[0] - X) + (P[1] - Y) * (P[1] - Y);
        if (d < dist) { dist = d; best = i; }
      });
      if (best >= 0 && best !== pad.current) choose(best);
    }
    /* The nearest point within 45 degrees of the direction d (in pixels, y down), else -1. */
    function neighbour(from, d) {
      var P = padXY(from), best = -1, score = Infinity;
      data.pad.points.forEach(function (q, i) {
        if (i === from) return;
        var Q = padXY(i), dx = Q[0] - P[0], dy = Q[1] - P[1];
        var along = dx * d[0] + dy * d[1], across = Math.abs(dx * d[1] - dy * d[0]);
        if (along <= 0.5 || across > along) return;
        var s = along + 2 * across;
        if (s < score) { score = s; best = i; }
      });
      return best;
    }
    function choose(i) { pad.current = i; setValues(data.pad.points[i][2]); }
    /* After any change of the sliders: which listed point (if any) they are on, and its name for the pad. */
    function padSync() {
      if (!pad) return;
      var cur = -1;
      data.pad.points.forEach(function (q, i) {
        if (cur >= 0) return;
        var on = Object.keys(q[2]).every(function (key) {
          var k = sliderIndex(key);
          return k >= 0 && data.sliders[k].values[st.idx[k]] === data.sliders[k].values[nearest(data.sliders[k].values, q[2][key])];
        });
        if (on) cur = i;
      });
      pad.current = cur;
      var g = data.panels[data.pad.panel];
      pad.el.setAttribute("aria-valuenow", String(Math.max(cur, 0)));
      pad.el.setAttribute("aria-valuetext", cur < 0 ? "no listed point" :
        (g.x_label || "x") + " " + +data.pad.points[cur][0].toPrecision(3) + ", " +
        (g.y_label || "y") + " " + +data.pad.points[cur][1].toPrecision(3));
    }
    /* The points one can pick, as small dots on the pad's panel (drawn with the axes). */
    function padDots(g) {
      if (!pad || g !== padPanel()) return;
      ctx.fillStyle = color("muted");
      data.pad.points.forEach(function (q, i) {
        var P = padXY(i);
        ctx.beginPath(); ctx.arc(P[0], P[1], 1.6, 0, 2 * Math.PI); ctx.fill();
      });
    }
