"""The 2x2 matrix: items placed on two axes; the focus quadrant is read first.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
