"""The prediction route of remaining useful life; the service itself is the frame's (frame.api)."""
