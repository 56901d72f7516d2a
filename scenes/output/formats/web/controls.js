    /* ---- controls.js: sliders, presets, theme, keys, clicks on a map; then the widget starts ---- */
    function buildSliders() {
      var group = $(".ma-sliders");
      data.sliders.forEach(function (sl, i) {
        var id = "ma-s" + i, n = sl.values.length;  // ids are the shadow root's own: two copies never clash
        var wrap = document.createElement("div");
        wrap.className = "ma-slider";
        wrap.innerHTML = '<label for="' + id + '"></label><input type="range" min="0" step="1">' +
          '<output></output><small></small>';
        wrap.querySelector("label").textContent = sl.label;
        var input = wrap.querySelector("input");
        input.id = id; input.max = n - 1; input.value = sl.index;
        input.className = "ma-slider-" + i;
        input.setAttribute("data-key", sl.key);
        input.setAttribute("aria-describedby", id + "-snap");
        var out = wrap.querySelector("output");
        out.className = "ma-value-" + i; out.setAttribute("for", id);
        // The value's own room, as wide as its longest value: the label wraps instead, and nothing moves
        // when the value changes.
        out.style.minWidth = Math.max.apply(null, sl.values.map(function (v) { return valueText(sl, v).length; })) + "ch";
        var note = wrap.querySelector("small");
        note.id = id + "-snap";
        note.textContent = "snaps to the " + n + " simulated values from " + valueText(sl, sl.values[0]) +
          " to " + valueText(sl, sl.values[n - 1]);
        input.addEventListener("input", function () { st.idx[i] = +input.value; words(); draw(); });
        group.appendChild(wrap);
      });
    }

    /* "presets": [{label, values: {slider key: value}}]: one button each, setting those sliders. */
    function buildPresets() {
      var group = $(".ma-presets");
      (data.presets || []).forEach(function (pr) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "ma-preset"; b.textContent = pr.label;
        b.addEventListener("click", function () { setValues(pr.values); });
        group.appendChild(b);
      });
    }

    function setTheme(name) {
      st.theme = name;
      box.setAttribute("data-theme", name);
      host.setAttribute("data-theme", name);
      themeBtn.textContent = name === "dark" ? "Light theme" : "Dark theme";
      paintLegend();
      background = null; draw();
    }

    scrub.max = N;
    playBtn.addEventListener("click", function () { play(!st.playing); });
    scrub.addEventListener("input", function () { st.playing = false; setStep(+scrub.value); });
    speedSel.addEventListener("change", function () { st.speed = +speedSel.value; });
    themeBtn.addEventListener("click", function () { setTheme(st.theme === "dark" ? "light" : "dark"); });
    box.addEventListener("keydown", function (e) {
      var t = e.target, tag = t.tagName, onScrub = t === scrub;
      if (e.key === " " && (onScrub || (tag !== "BUTTON" && tag !== "INPUT" && tag !== "SELECT" && !t.classList.contains("ma-pad")))) {
        play(!st.playing); e.preventDefault();  // Space plays from the scrubber too, as the note says
        return;
      }
      if (tag === "INPUT" || tag === "SELECT" || t.classList.contains("ma-pad")) return;  // their own arrows
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        st.playing = false;
        setStep(Math.floor(st.step) + (e.key === "ArrowRight" ? 1 : -1));
        e.preventDefault();
      }
    });
    if (data.click) {
      canvas.style.cursor = "crosshair";
      canvas.addEventListener("click", function (e) {
        var r = canvas.getBoundingClientRect(), g = geom.panels[data.click.panel];
        var X = e.clientX - r.left, Y = e.clientY - r.top, b = g.box;
        if (X < b.x || X > b.x + b.w || Y < b.y || Y > b.y + b.h) return;
        var values = {};
        values[data.click.x] = g.ix(X); values[data.click.y] = g.iy(Y);
        setValues(values); play(true);
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
    buildSliders(); buildPresets(); buildLegend(); buildPad();
    setTheme(st.theme);
    announced = point().title;  // the page opens with its title in view: nothing to announce yet
    words(); showStep(); draw();
    if (window.ResizeObserver) {
      var width = geom.w;
      new ResizeObserver(function () {
        if (Math.max(200, canvas.parentNode.clientWidth) !== width) { layout(); width = geom.w; draw(); }
      }).observe(box);
    }
