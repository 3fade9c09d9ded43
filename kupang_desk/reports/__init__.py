"""The only reportlab user: printed documents built from plain data given by services/."""
