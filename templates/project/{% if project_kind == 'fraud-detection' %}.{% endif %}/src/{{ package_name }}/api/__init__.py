"""HTTP service: this project's routes (routes.py); the app around them is frame.api."""
