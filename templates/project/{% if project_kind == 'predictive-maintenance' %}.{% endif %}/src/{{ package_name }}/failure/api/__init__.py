"""The prediction routes of machine failure; the service itself is the frame's (frame.api)."""
