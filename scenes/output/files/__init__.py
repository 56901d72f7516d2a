"""Files on disk: written whole or not at all (safe_files, safe_data), the output's own files and sidecar
(output_files), and the caches of data and frames (cache).
"""
