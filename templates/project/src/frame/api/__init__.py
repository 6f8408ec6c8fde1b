"""The HTTP service every project shares: app factory, dependencies, request guards."""
