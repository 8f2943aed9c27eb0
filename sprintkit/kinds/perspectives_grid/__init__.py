"""A perspectives grid: ideas seen through the eyes of several kinds of actors.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
