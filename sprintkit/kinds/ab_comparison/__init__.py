"""An A/B comparison: two variants of an intervention scored on the same measures.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
