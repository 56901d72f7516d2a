"""Planning a render and running it: the command line (args, cli, modes, check), the Python API (api), the
plan (request, scene_ref, lecture, extras), its run (pipeline, stdout), and many renders at once (batch,
distributed).
"""
