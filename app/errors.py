"""Application errors. Services raise these; one handler turns them into JSON."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar


class AppError(Exception):
    status_code: ClassVar[int] = 400
    error: ClassVar[str] = "bad_request"

    def __init__(
        self,
        detail: str,
        *,
        rule: str | None = None,
        extra: dict[str, Any] | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.extra = extra or {}
        # The input the error concerns, as the API names it ("details.amount"): pages highlight by it.
        self.field = field

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.error, "detail": self.detail}
        if self.rule:
            body["rule"] = self.rule
        if self.field:
            body["field"] = self.field
        body.update(self.extra)
        return body

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process and re-raised here, with its rule, field and extras intact.
        return (_rebuild, (type(self), self.detail, self.rule, self.extra, self.field))


def _rebuild(
    cls: type[AppError], detail: str, rule: str | None, extra: dict[str, Any], field: str | None = None
) -> AppError:
    return cls(detail, rule=rule, extra=extra, field=field)


class Unauthorised(AppError):
    status_code = 401
    error = "unauthorised"


class Forbidden(AppError):
    status_code = 403
    error = "forbidden"


class NotFound(AppError):
    status_code = 404
    error = "not_found"


class Conflict(AppError):
    status_code = 409
    error = "conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    error = "payload_too_large"


class PreconditionRequired(AppError):
    """RFC 6585: a change to a versioned row must say which version it read, so it cannot overwrite unseen."""

    status_code = 428
    error = "precondition_required"


class Unprocessable(AppError):
    status_code = 422
    error = "unprocessable"


class TooManyRequests(AppError):
    """Refused until a moment in time; the response carries Retry-After in seconds."""

    status_code = 429
    error = "too_many_requests"

    def __init__(self, detail: str, *, retry_after: int, rule: str | None = None) -> None:
        super().__init__(detail, rule=rule, extra={"retry_after": retry_after})
        self.retry_after = retry_after


class ServiceUnavailable(AppError):
    status_code = 503
    error = "service_unavailable"


class Problems:
    """Every problem one pass of checks finds, raised together, so a form shows them all at once and a client fixes
    them in one go rather than one 422 at a time. One problem is raised as it is; several as one 422 whose
    `problems` lists each (rule, detail, field), with the first's rule and field on the whole."""

    def __init__(self) -> None:
        self.found: list[Unprocessable] = []

    @contextmanager
    def check(self, field: str | None = None) -> Iterator[None]:
        """Run a check; a 422 it raises is kept (with `field`, unless it names its own) and the pass goes on."""
        try:
            yield
        except Unprocessable as exc:
            exc.field = exc.field or field
            self.found.append(exc)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_all(self) -> None:
        if not self.found:
            return
        first = self.found[0]
        if len(self.found) == 1:
            raise first
        raise Unprocessable(
            f"{len(self.found)} problems: " + " ".join(f"({n}) {p.detail}" for n, p in enumerate(self.found, 1)),
            rule=first.rule,
            field=first.field,
            extra={"problems": [p.to_body() for p in self.found]},
        )
