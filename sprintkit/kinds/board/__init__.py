"""A board of sticky notes: silent capture, reveal, clustering and dot voting.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
