"""A journey map: the steps a person goes through, with touchpoints, feelings and pain points.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
