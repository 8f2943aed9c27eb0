"""A map of fixed fields about one subject (the empathy map is the classic one).

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
