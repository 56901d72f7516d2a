"""The machinery that turns a request into a file, in four groups that import in this order only:
`plan` (the command line, the Python API, the plan and its run, batches), `formats` (encoders and the
companions beside a video), `frames` (each backend's frames and the layout check) and `files` (safe
writes, the sidecar, the caches).

It imports the scenes; nothing in `scenes` or `scenes.kit` imports it.
"""
