"""HTTP service: the shared frame (main.py, deps.py) and the project's own routes (routes.py)."""
