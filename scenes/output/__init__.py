"""The machinery that turns a request into a file: planning (`pipeline`), the data and Manim caches,
frame rendering for both backends, the encoders, atomic output files, checks, the CLI and the Python API.

It imports the scenes; nothing in `scenes` or `scenes.kit` imports it.
"""
