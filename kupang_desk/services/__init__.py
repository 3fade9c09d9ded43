"""Use cases shared by the GUI and the CLI; the only layer the shells call."""
