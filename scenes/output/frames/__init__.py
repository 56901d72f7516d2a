"""Frames from each backend (mpl_frames, manim_frames and Manim's cache, manim_cache) and the layout check
that measures the texts in them.
"""
