"""Who may do what, once: the API's and the web's dependencies, the pages' links and the services read these sets."""

from app.auth.models import Role

# Log and run cases, upload files, issue and publish letters, assign officers.
CASE_OFFICERS = (Role.officer, Role.admin)
# Rule on documents, initially and at internal review.
DECIDERS = (Role.reviewer, Role.qualified_person)
# Record the qualified person's s36 opinion: their own, or (anyone who runs cases) one given on paper.
OPINION_RECORDERS = (Role.qualified_person, Role.officer, Role.admin)
# Read case files and document content.
CASEWORK = (Role.officer, Role.reviewer, Role.qualified_person, Role.admin)
# Manage users, tokens and proclaimed holidays.
ADMINS = (Role.admin,)

ROLE_SETS = {
    "case_officers": CASE_OFFICERS,
    "deciders": DECIDERS,
    "opinion_recorders": OPINION_RECORDERS,
    "casework": CASEWORK,
    "admins": ADMINS,
}
