"""This project's prediction routes; the service around them is the frame's (frame.api)."""
