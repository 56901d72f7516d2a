"""The numbers and titles the web pages show, checked against runs recomputed here with their own small
loops and closed forms (never the code under test), at slider values where the outcome changes."""
from __future__ import annotations

import cmath
import math

import numpy as np
import pytest

from tests.web_browser import Page, browser, index_of, render_page, slider_values  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("numbers")


def heavy_ball_losses(kappa, lr, beta, steps, start=(-2.5, 1.0)):
    """f = (x^2 + kappa y^2) / 2 along b <- beta b + grad, p <- p - lr b."""
    p, b = np.array(start, float), np.zeros(2)
    lam = np.array([1.0, kappa])
    losses = [0.5 * float(lam @ p ** 2)]
    for _ in range(steps):
        b = beta * b + lam * p
        p = p - lr * b
        losses.append(0.5 * float(lam @ p ** 2))
    return losses


def steps_text(losses, target):
    """'n' or 'n (first m)' when the loss stays below target from step n; the other cases as words."""
    below = [v < target for v in losses]
    first = below.index(True) if any(below) else None
    if not below[-1]:
        return ("not reached" if first is None else f"ends above (first {first})"), None
    stays = max((k + 1 for k, b in enumerate(below) if not b), default=0)
    return f"{stays}" if stays == first else f"{stays} (first {first})", stays


def test_ravine(browser, folder):
    path = render_page(folder, "ravine")
    values = slider_values(path)
    page = Page(browser, path)
    lr = 2 / (1 + 30.0)  # gradient descent's best step on the default ravine, kappa 30
    page.set_slider("lr_fraction", index_of(values["lr_fraction"], 1.0))
    page.set_slider("kappa", index_of(values["kappa"], 30.0))
    gd = heavy_ball_losses(30.0, lr, 0.0, 100)
    gd_text, gd_n = steps_text(gd, 1e-3)
    for beta in (0.0, 0.55):
        page.set_slider("momentum", index_of(values["momentum"], beta))
        mom_text, mom_n = steps_text(heavy_ball_losses(30.0, lr, beta, 100), 1e-3)
        shown = page.numbers()
        assert shown["gradient descent: steps until loss stays < 0.001"] == gd_text
        assert shown["momentum: steps until loss stays < 0.001"] == mom_text
        title = page.text(".ma-title")
        assert ("tie" in title) == (mom_n == gd_n), title
        assert ("momentum gets there first" in title) == (mom_n < gd_n), title
        rate = max(abs(r) for lam in (1.0, 30.0) for r in np.roots([1, -(1 + beta - lr * lam), beta]))
        assert shown["momentum's rate per step (theory)"] == f"{rate:.3f}"
    assert mom_n < gd_n  # beta = 0.55 really wins: the title changed on the way
    assert page.errors == []
    page.close()


def test_ravine_kappa_slider(browser, folder):
    """At alpha = 2 / (1 + kappa) and beta = 0.7 the condition number decides the race: on kappa 10 gradient
    descent gets below the target first, on kappa 30 momentum does, on kappa 100 gradient descent never
    does within the 100 steps. The drawing (its contour lines too) and the words follow the slider."""
    path = render_page(folder, "ravine")
    values = slider_values(path)
    page = Page(browser, path)
    page.set_slider("lr_fraction", index_of(values["lr_fraction"], 1.0))
    page.set_slider("momentum", index_of(values["momentum"], 0.7))
    titles, drawings, outcomes = [], [], []
    for kappa in (10.0, 30.0, 100.0):
        page.set_slider("kappa", index_of(values["kappa"], kappa))
        lr = 2 / (1 + kappa)
        gd_text, gd_n = steps_text(heavy_ball_losses(kappa, lr, 0.0, 100), 1e-3)
        mom_text, mom_n = steps_text(heavy_ball_losses(kappa, lr, 0.7, 100), 1e-3)
        shown = page.numbers()
        assert shown["learning rate \u03b1"] == f"{lr:.4f}"
        assert shown["gradient descent: steps until loss stays < 0.001"] == gd_text
        assert shown["momentum: steps until loss stays < 0.001"] == mom_text
        rate = max(abs(r) for lam in (1.0, kappa) for r in np.roots([1, -(1 + 0.7 - lr * lam), 0.7]))
        assert shown["momentum's rate per step (theory)"] == f"{rate:.3f}"
        title = page.text(".ma-title")
        if gd_n is None:
            assert "gradient descent does not" in title, title
        else:
            assert ("momentum gets there first" in title) == (mom_n < gd_n), title
            assert ("gradient descent gets there before momentum" in title) == (gd_n < mom_n), title
        titles.append(title)
        drawings.append(page.canvas())
        outcomes.append((gd_n, mom_n))
    assert outcomes[0][0] < outcomes[0][1] and outcomes[1][1] < outcomes[1][0] and outcomes[2][0] is None
    assert len(set(titles)) == 3 and len(set(drawings)) == 3
    assert page.errors == []
    page.close()


def test_momentum_rate(browser, folder):
    path = render_page(folder, "momentum-rate")
    values = slider_values(path)
    page = Page(browser, path)
    page.set_slider("lr_fraction", index_of(values["lr_fraction"], 1.0))
    titles = set()
    for kappa, middle in ((30.0, 0.65), (30.0, 0.95), (100.0, 0.65)):  # kappa 100: beta 0.9 overtakes 0.65
        page.set_slider("kappa", index_of(values["kappa"], kappa))
        page.set_slider("momentum", index_of(values["momentum"], middle))
        lr = 1 / kappa
        shown = page.numbers()
        assert shown["learning rate \u03b1"] == f"{lr:.4f}"
        counts = {}
        for beta in (0.2, middle, 0.9):
            text, n = steps_text(heavy_ball_losses(kappa, lr, beta, 120), 1e-3)
            assert shown[f"\u03b2 = {beta:.3g}: steps until loss stays < 0.001"] == text
            counts[beta] = math.inf if n is None else n
        best = min(counts.values())
        winners = [b for b, n in counts.items() if n == best]
        title = page.text(".ma-title")
        if len(winners) == 1:
            assert f"\u03b2 = {winners[0]:.3g} is fastest" in title, title
        else:
            assert "tie" in title and all(f"\u03b2 = {b:.3g}" in title for b in winners), title
        titles.add(title)
    assert len(titles) == 3, titles  # the kappa slider changed who wins at middle beta 0.65
    assert page.errors == []
    page.close()


def rate(al, beta):
    return max(abs(r) for r in np.roots([1.0, -(1.0 + beta - al), beta]))


def measured_rate(al, beta, r):
    """The fit the page states: exp of the slope of log |(x_k, x_{k-1})| over the second half of n steps."""
    n = 20 if r == 0 else int(np.clip(150.0 / max(abs(math.log10(r)), 1e-9), 20, 400))
    x, z, xs = 1.0, 0.0, [1.0]
    for _ in range(n):
        z = beta * z + x
        x = x - al * z
        xs.append(x)
    xs = np.array(xs)
    norm = np.hypot(xs[1:], xs[:-1])
    k = np.arange(1, n + 1)
    keep = (k >= n // 2) & (norm > 0) & np.isfinite(norm)
    return float(np.exp(np.polyfit(k[keep], np.log(norm[keep]), 1)[0])), n


def test_rates_click_picks_a_point_and_plays_it(browser, folder):
    page = Page(browser, render_page(folder, "rates"))
    box = page.run("r => { const q = r.querySelector('.ma-canvas').getBoundingClientRect();"
                   " return [q.left, q.top, q.width, q.height]; }")
    panel = page.host.evaluate("h => JSON.parse(h.querySelector('.ma-data').textContent).panels[0]")
    (left, top, width, height), (x0, x1), (y0, y1) = panel["box"], panel["x"], panel["y"]
    for al, beta in ((2.5, 0.1), (0.5, 0.7)):
        # The map's box on the canvas, in fractions of its size, and its axes: alpha*lambda and beta.
        x = box[0] + box[2] * (left + width * (al - x0) / (x1 - x0))
        y = box[1] + box[3] * (top + height * (y1 - beta) / (y1 - y0))
        page.page.mouse.click(x, y)
        assert page.find(".ma-play").get_attribute("aria-pressed") == "true" and page.step() < 24  # it plays the point from the start
        assert page.text(".ma-value-0") == f"{beta:.2f}" and page.text(".ma-value-1") == f"{al:.1f}"
        r = rate(al, beta)
        shown = page.numbers()
        assert shown["rate (closed form)"] == f"{r:.3f}"
        m, n = measured_rate(al, beta, r)
        assert shown[f"rate measured over {n} steps"] == f"{m:.3f}"
        title = page.text(".ma-title")
        assert ("diverges" in title) == (r >= 1), title
        assert ("converges" in title) == (r < 1), title
    assert page.errors == []
    page.close()


def test_sine(browser, folder):
    path = render_page(folder, "sine")
    values = slider_values(path)
    page = Page(browser, path)
    for beta in (0.0, 0.5, 0.9):
        page.set_slider("beta", index_of(values["beta"], beta))
        h = (1 - beta) / (1 - beta * cmath.exp(-0.1j))  # the EMA's response at omega = dx = 0.1
        shown = page.numbers()
        assert shown["gain |H| (theory)"] == f"{abs(h):.2f}"
        lag = -cmath.phase(h) / 0.1
        assert shown["lag in samples (theory)"] == f"{0.0 if abs(lag) < 1e-9 else lag:.1f}"
        assert ("the signal itself" in page.text(".ma-title")) == (beta == 0)
    assert page.errors == []
    page.close()


def test_sine_dx_slider(browser, folder):
    """At beta 0.95 the average needs 90 samples to forget v0 = 0: with dx = 0.1 the three periods take 188
    samples and it does; with dx = 0.4 they take 47 and the page says it never forgets within them. Gain,
    lag, the samples shown and the step counter follow dx."""
    path = render_page(folder, "sine")
    values = slider_values(path)
    page = Page(browser, path)
    page.set_slider("beta", index_of(values["beta"], 0.95))
    forget = next(t for t in range(1, 1000) if 0.95 ** t < 0.01)
    seen = {}
    for dx in (0.1, 0.4):
        page.set_slider("dx", index_of(values["dx"], dx))
        n = round(3 * 2 * math.pi / dx)
        h = 0.05 / (1 - 0.95 * cmath.exp(-1j * dx))
        shown = page.numbers()
        assert shown["samples shown"] == str(n)
        assert shown["gain |H| (theory)"] == f"{abs(h):.2f}"
        assert shown["lag in samples (theory)"] == f"{-cmath.phase(h) / dx:.1f}"
        assert shown["samples to forget v\u2080 = 0 (\u03b2\u1d57 < 0.01)"] == str(forget)
        assert page.text(".ma-step") == f"step {n} / {n}"
        verdict = page.text(".ma-verdict")
        assert (f"more than the {n} shown" in verdict) == (forget > n), verdict
        # The page draws no peak marks: its words give the gain as the steady state shows it, or not at all.
        assert "mark" not in verdict and (f"gain {abs(h):.2f}" in verdict or "gain" not in verdict), verdict
        assert ("gain" in verdict) == (dx == 0.1), verdict  # dx 0.4: the start is not even forgotten
        seen[dx] = (verdict, page.canvas(), forget > n)
    assert seen[0.1][2] is False and seen[0.4][2] is True  # dx decided whether the start is forgotten
    assert seen[0.1][1] != seen[0.4][1], "the drawn average did not change with dx"
    assert page.errors == []
    page.close()


def test_decay(browser, folder):
    path = render_page(folder, "decay")
    values = slider_values(path)
    page = Page(browser, path)
    for beta in (0.3, 0.95):
        page.set_slider("beta_left", index_of(values["beta_left"], beta))
        shown = page.numbers()
        assert shown["left: 1/(1\u2212\u03b2)"] == f"{1 / (1 - beta):.3g}"
        assert shown["left: sum of the 30 bars"] == f"{sum(beta ** i for i in range(30)):.2f}"
        assert f"\u03b2 = {beta:.2f}" in page.text(".ma-title")
    assert page.errors == []
    page.close()


def test_decay_bars_slider(browser, folder):
    """At beta 0.9 the weight 0.9^i falls below 0.05 at i = 29: with 30 bars that step is shown, with 20 it
    lies beyond them and the words say so; the sums, the step counter and the drawing follow the bars."""
    path = render_page(folder, "decay")
    values = slider_values(path)
    page = Page(browser, path)
    page.set_slider("beta_left", index_of(values["beta_left"], 0.9))
    fades = next(i for i in range(1000) if 0.9 ** i < 0.05)
    seen = {}
    for bars in (20, 30):
        page.set_slider("bars", index_of(values["bars"], bars))
        shown = page.numbers()
        assert shown[f"left: sum of the {bars} bars"] == f"{sum(0.9 ** i for i in range(bars)):.2f}"
        assert page.text(".ma-step") == f"step {bars - 1} / {bars - 1}"
        verdict = page.text(".ma-verdict")
        said = f"\u2248 {0.9 ** fades:.2g}, beyond the {bars} bars shown)" in verdict
        assert said == (fades > bars - 1), verdict
        seen[bars] = (said, page.canvas())
    assert seen[20][0] and not seen[30][0]  # the number of bars decided what the words say
    assert seen[20][1] != seen[30][1], "the drawing did not change with the bars"
    assert page.errors == []
    page.close()


def conventions_steps(beta, lr_drop, lr=1.0, drop=30, n=60):
    ema = torch = keras = 0.0
    out = {"ema": [], "torch": [], "keras": []}
    for k in range(n):
        g, a = (1.0, lr) if k < drop else (0.5, lr * lr_drop)
        ema = beta * ema + (1 - beta) * g
        torch = beta * torch + g
        keras = beta * keras - a * g
        out["ema"].append(a * ema)
        out["torch"].append(a * torch)
        out["keras"].append(-keras)
    return out


def test_conventions(browser, folder):
    path = render_page(folder, "conventions")
    values = slider_values(path)
    page = Page(browser, path)
    for beta, lr_drop in ((0.9, 0.1), (0.0, 0.1), (0.9, 1.0)):
        page.set_slider("beta", index_of(values["beta"], beta))
        page.set_slider("lr_drop", index_of(values["lr_drop"], lr_drop))
        own = conventions_steps(beta, lr_drop)
        shown = page.numbers()
        assert shown["Keras: step after the drop"] == f"{own['keras'][30]:.3g}"
        assert shown["PyTorch: step after the drop"] == f"{own['torch'][30]:.3g}"
        assert shown["EMA form: step after the drop"] == f"{own['ema'][30]:.3g}"
        same = np.allclose(own["keras"], own["torch"], rtol=1e-9)
        assert shown["Keras takes PyTorch's steps"] == ("yes" if same else "no")
        assert ("Not at \u03b2 = 0" in page.text(".ma-title")) == (beta == 0)
    assert page.errors == []
    page.close()


def compare_losses(kind, lr, mu, steps=150, lam=(1.0, 25.0)):
    """f along SGD, heavy ball or Adam (torch's rules, eps 1e-8, beta2 0.999) on (x^2 + 25 y^2) / 2."""
    lam = np.array(lam)
    p, b, m, v = np.array([-2.5, 1.0]), np.zeros(2), np.zeros(2), np.zeros(2)
    f = [0.5 * float(lam @ p ** 2)]
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            g = lam * p
            if kind == "SGD":
                p = p - lr * g
            elif kind == "momentum":
                b = mu * b + g
                p = p - lr * b
            else:
                m = mu * m + (1 - mu) * g
                v = 0.999 * v + 0.001 * g * g
                p = p - lr * (m / (1 - mu ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
            f.append(0.5 * float(lam @ p ** 2))
    return np.array(f)


def test_compare(browser, folder):
    path = render_page(folder, "compare")
    values = slider_values(path)
    page = Page(browser, path)
    winners = []
    for lr in (0.01, 0.215):
        index = int(np.argmin([abs(v - lr) for v in values["lr"]]))
        page.set_slider("lr", index)
        page.set_slider("momentum", index_of(values["momentum"], 0.9))
        shown, ends = page.numbers(), {}
        for name in ("SGD", "momentum", "Adam"):
            f = compare_losses(name, values["lr"][index], 0.9)
            end = float(np.mean(f[-15:]))
            gone = not np.all(np.isfinite(f)) or not end <= f[0]
            assert shown[f"{name}: mean loss \u2212 f* over the last 15 steps"] == ("diverged" if gone else f"{end:.2g}")
            ends[name] = math.inf if gone else end
        best = min(ends, key=ends.get)
        title = page.text(".ma-title")
        assert title == f"{best[0].upper()}{best[1:]} reaches the lowest loss on the ravine", title
        winners.append(best)
    assert winners[0] != winners[1]
    assert page.errors == []
    page.close()
