"""The one error the statutory clock raises."""


class ClockRuleError(ValueError):
    """A clock event or date the law does not allow.

    ``rule`` is a stable machine name (e.g. ``fee_paid_without_notice``); ``message`` is a sentence for a
    person saying what is wrong and how to fix it, citing the section.
    """

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message

    def __repr__(self) -> str:
        return f"ClockRuleError(rule={self.rule!r}, message={self.message!r})"
