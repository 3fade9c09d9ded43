"""The only Qt Widgets code: windows and dialogs wired to services/."""
