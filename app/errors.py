"""Application errors. Services raise these; one handler turns them into JSON."""

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
