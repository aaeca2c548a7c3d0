"""Every web page, gathered for create_app()."""

from fastapi import APIRouter

from app.web import (
    actions,
    admin,
    bundles,
    cases,
    dashboard,
    deadlines,
    decisions,
    documents,
    letters,
    review,
    sign_in,
    statistics,
)

router = APIRouter(include_in_schema=False)
for part in (
    sign_in.router,
    dashboard.router,
    cases.router,
    actions.router,
    decisions.router,
    documents.router,
    review.router,
    letters.router,
    bundles.router,
    admin.router,
    statistics.router,
    deadlines.router,
):
    router.include_router(part)
