"""The one exception a parser raises for a file it cannot (or may not) read."""


class IngestError(Exception):
    """A file failed with a one-line reason meant for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
