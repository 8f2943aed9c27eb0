"""A consent round: a proposal, reasoned objections, an amended proposal and a decision.

Roles: ``logic.py`` (settings, content, the kind), ``widget.py`` (notebook), ``report.py`` (blocks).
"""
