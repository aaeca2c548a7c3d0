"""The one error a letter's builder raises: what it cannot write yet, and why."""

from app.errors import Conflict


class NotReady(Conflict):
    """A letter that cannot be written yet; the detail names the missing pieces."""
