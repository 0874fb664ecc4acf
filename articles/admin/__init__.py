"""The editorial admin: where editors and fact-checkers curate the archive.

One module per area of the desk; importing them registers their ModelAdmins.
Every save is kept as a revision ("History").
"""

from articles.admin import (  # noqa: F401
    articles,
    claims,
    images,
    relations,
    sources,
    speakers,
    verdicts,
)
