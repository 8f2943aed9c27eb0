"""The tijdlijn canvas kind: one folder with fixed roles (logic, widget, report)."""
