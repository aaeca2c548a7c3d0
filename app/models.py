"""Every domain's models, imported so that Alembic and the mappers see them all."""

from app.audit.models import AuditChainHead, AuditEvent
from app.auth.models import ApiToken, SignInFailure, User, WebSession
from app.bundle.models import BundleBuild, DocumentFile, PublishedFile, Redaction
from app.document.models import Decision, DecisionCitation, Document, QualifiedPersonOpinion
from app.foi_request.models import ClockEventRow, FoiRequest, ReferenceCounter, Requester
from app.holiday.models import HolidayAdditionRow
from app.letter.models import IssuedLetter
from app.personal_data.models import PersonalDataResolution
from app.publishing.models import DisclosureEntry
from app.reminder.models import Reminder
from app.review.models import InternalReview
from app.web.models import FormSubmission

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "BundleBuild",
    "ClockEventRow",
    "Decision",
    "DecisionCitation",
    "DisclosureEntry",
    "Document",
    "DocumentFile",
    "FoiRequest",
    "FormSubmission",
    "HolidayAdditionRow",
    "InternalReview",
    "IssuedLetter",
    "PersonalDataResolution",
    "PublishedFile",
    "QualifiedPersonOpinion",
    "Redaction",
    "ReferenceCounter",
    "Reminder",
    "Requester",
    "SignInFailure",
    "User",
    "WebSession",
]
