"""The pictures the documentation's gallery shows, and where they live.

`make gallery` renders them into `assets/gallery/`: per scene a GIF at the defaults (with its sidecar
and poster) and, through this module, a still of each of the scene's `examples` (matplotlib, low
quality, the last frame) with its sidecar, whose storyboard gives the example's words. The site build
reads them; it renders a picture itself only when one is missing, into its own cache folder.

    python docs/_ext/gallery_pictures.py            # the example stills that are missing
    python docs/_ext/gallery_pictures.py --force    # all of them again
    python docs/_ext/gallery_pictures.py valley     # one scene's
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "assets" / "gallery"
EXAMPLES = GALLERY / "examples"


def set_text(value) -> str:
    """A parameter value as `--set` takes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def set_args(params: dict) -> str:
    return " ".join(f"--set {key}={set_text(value)}" for key, value in params.items())


def gif(name: str) -> Path:
    return GALLERY / f"{name}.gif"


def example_still(name: str, index: int) -> Path:
    return EXAMPLES / f"{name}-{index + 1}.png"


def sidecar(path: Path) -> dict | None:
    """The sidecar beside a picture, parsed, or None when there is none."""
    side = path.with_name(path.name + ".json")
    try:
        return json.loads(side.read_text())
    except (OSError, ValueError):
        return None


def render_example(name: str, index: int, params: dict, out: Path, force: bool = False) -> Path:
    """Render one example's still (matplotlib, low quality, the end) to `out`."""
    from render import render

    out.parent.mkdir(parents=True, exist_ok=True)
    render(name, backend="mpl", fmt="png", quality="low", out=out, at="end", force=force, params=params)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the gallery's example stills.")
    parser.add_argument("scenes", nargs="*", help="scene names (default: every scene)")
    parser.add_argument("--force", action="store_true", help="render even those that exist")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import scenes

    names = args.scenes or scenes.names()
    for name in names:
        spec = scenes.get(name)
        for i, params in enumerate(spec.examples):
            path = example_still(name, i)
            if args.force or not path.exists():
                render_example(name, i, dict(params), path, force=True)
                print(path.relative_to(ROOT), flush=True)
    # stills of examples a scene no longer has
    known = {example_still(n, i).name for n in scenes.names() for i in range(len(scenes.get(n).examples))}
    for path in EXAMPLES.glob("*.png"):
        if path.name not in known:
            path.unlink()
            path.with_name(path.name + ".json").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
