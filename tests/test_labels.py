"""One label for each outcome: staff pages, the public disclosure log and downloads say the same thing."""


def test_one_label_per_outcome_on_staff_pages_and_the_public_log() -> None:
    from app.foi_request.models import Outcome
    from app.publishing.router import OUTCOMES as PUBLIC
    from app.web.cases import OUTCOME_NAMES as STAFF

    assert STAFF == PUBLIC == {o.value: o.label for o in Outcome}
    assert len(set(STAFF.values())) == len(Outcome)
