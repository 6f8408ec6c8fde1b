"""This project's prediction routes (routes.py); the service around them is the frame's
(frame.api).
"""
