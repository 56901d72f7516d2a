"""Sphinx configuration of the documentation site (`make docs`): MyST Markdown, the furo theme, a gallery
generated from the scene registry (`_ext/scene_gallery.py`), the CLI reference from the argparse parsers
themselves (sphinx-argparse) and the Python reference from docstrings (autodoc with napoleon).

Everything the site needs is local: formulas are typeset at build time (imgmath, LaTeX to SVG with
dvisvgm), furo's own fonts are the system's, and no page loads a script, font or style from the network.
"""
from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS / "_ext")]

project = "momentum-anim"
author = "momentum-anim contributors"
copyright = "the momentum-anim contributors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.imgmath",
    "sphinxarg.ext",
    "scene_gallery",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "examples", "**/.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
# quotes stay as typed, so that names and commands on the site match the code
smartquotes = False

# formulas: LaTeX -> SVG at build time, nothing loaded at view time
imgmath_image_format = "svg"
imgmath_font_size = 14
imgmath_embed = True

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = True

html_theme = "furo"
html_title = "momentum-anim"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_copy_source = False
html_show_sourcelink = False
html_permalinks_icon = "#"
html_theme_options = {
    "navigation_with_keys": True,
}


def _unlink_addresses(app, doctree, docname):
    """Addresses in help texts (`tcp://HOST:PORT`) are examples to type, not links: docutils makes a
    link of anything that looks like a URI, so those become plain literal text again."""
    from docutils import nodes

    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        scheme = uri.split(":", 1)[0] if "://" in uri else ""
        if scheme and scheme not in ("http", "https", "mailto", "file"):
            ref.replace_self(nodes.literal(ref.astext(), ref.astext()))


def _accessible_markup(app, pagename, templatename, context, doctree):
    """Two gaps axe-core finds in the generated markup: the toctree captions are headings without a
    level, and a code block that scrolls sideways cannot be reached with the keyboard."""
    for key in ("body", "furo_navigation_tree", "toc"):
        html = context.get(key)
        if isinstance(html, str):
            html = html.replace('class="caption" role="heading">', 'class="caption" role="heading" aria-level="2">')
            context[key] = html.replace("<pre>", '<pre tabindex="0">')


def setup(app):
    app.connect("doctree-resolved", _unlink_addresses)
    # after the theme's own handler, which builds the navigation tree
    app.connect("html-page-context", _accessible_markup, priority=900)
