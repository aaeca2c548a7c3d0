"""Application errors. Services raise these; one handler turns them into JSON."""

from typing import Any, ClassVar


class AppError(Exception):
    status_code: ClassVar[int] = 400
    error: ClassVar[str] = "bad_request"

    def __init__(self, detail: str, *, rule: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.extra = extra or {}

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.error, "detail": self.detail}
        if self.rule:
            body["rule"] = self.rule
        body.update(self.extra)
        return body


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


class PreconditionRequired(AppError):
    """RFC 6585: a change to a versioned row must say which version it read, so it cannot overwrite unseen."""

    status_code = 428
    error = "precondition_required"


class Unprocessable(AppError):
    status_code = 422
    error = "unprocessable"


class ServiceUnavailable(AppError):
    status_code = 503
    error = "service_unavailable"
