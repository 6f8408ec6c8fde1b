"""The frame: the code this project builds on (settings, data sources, model metadata and
tracking, the service, the command line, monitoring, reports, evaluation helpers).

A project describes itself in one `contract.Project` and hands it to the frame; the frame never
imports a project module by name.
"""
