"""FOIA s36(2) opinions of the qualified person, recorded before a reviewer relies on s36."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import timeutil
from app.audit.service import record
from app.auth.models import Role, User
from app.document.models import QualifiedPersonOpinion
from app.document.rules import resolve_or_422
from app.document.schemas import OpinionIn
from app.errors import Unprocessable
from app.exemption.catalogue import Catalogue
from app.foi_request.models import FoiRequest


def record_opinion(
    session: Session, req: FoiRequest, data: OpinionIn, actor: User, catalogue: Catalogue
) -> QualifiedPersonOpinion:
    if data.opinion_on > timeutil.today():
        raise Unprocessable(f"opinion_on {data.opinion_on} is in the future.", rule="opinion_in_future")
    limbs = []
    for raw in data.limbs:
        citation = resolve_or_422(catalogue, raw, req.regime)
        if not citation.requires_qualified_person:
            raise Unprocessable(
                f"{citation.code} does not rest on a qualified person's opinion; only s36 limbs do.",
                rule="opinion_not_applicable",
            )
        limbs.append(citation.code)
    if actor.role == Role.qualified_person:
        if data.name and data.name.casefold() != actor.name.casefold():
            raise Unprocessable(
                f"You are signed in as {actor.name}; a qualified person records only their own opinion. An "
                "officer records an opinion given on paper by someone else.",
                rule="opinion_for_someone_else",
            )
        # The letter names the qualified person with their role (s36(5) says who may be one), never a placeholder.
        role = (data.role or actor.job_title or "").strip()
        if not role:
            raise Unprocessable(
                "Give your role as the qualified person, for example 'Chief Executive, authorised by a Minister "
                "under s36(5)(o)'. An administrator can set your job title so it is filled in for you.",
                rule="opinion_role_required",
            )
        name, on_paper, given_by = actor.name, False, actor.id
    else:
        if not data.name or not data.role:
            raise Unprocessable(
                "An officer records an opinion given on paper: give the qualified person's name and role, and "
                "the date the opinion was given.",
                rule="paper_opinion_details_required",
            )
        name, role, on_paper, given_by = data.name, data.role, True, None
    opinion = QualifiedPersonOpinion(
        request_id=req.id,
        name=name,
        role=role,
        opinion_on=data.opinion_on,
        limbs=limbs,
        summary=data.summary,
        on_paper=on_paper,
        given_by_id=given_by,
        recorded_by_id=actor.id,
    )
    session.add(opinion)
    session.flush()
    record(
        session,
        actor=actor,
        entity="opinion",
        entity_id=opinion.id,
        action="recorded",
        after={
            "name": name,
            "role": role,
            "opinion_on": data.opinion_on,
            "limbs": limbs,
            "on_paper": on_paper,
        },
        request_id=req.id,
    )
    return opinion


def list_opinions(session: Session, request_id: int) -> list[QualifiedPersonOpinion]:
    return list(
        session.scalars(
            select(QualifiedPersonOpinion)
            .where(QualifiedPersonOpinion.request_id == request_id)
            .order_by(QualifiedPersonOpinion.id)
        )
    )
