"""The desk's roles: Django groups that migration 0010 creates with their permissions.

- **editor-in-chief**: everything on the archive's models, including a claim's
  statement and article (``change_claim_text``) and the verdicts the desk may give
  (migration 0012).
- **editor**: articles, images (and so an article's visibility), sources, speakers and
  their aliases; sees claims and relations without changing them.
- **fact-checker**: reviews claims (verdict, review state, public explanation, note,
  assignee, spans, speaker) and their relations, adds claims; sees articles, images,
  sources, speakers and verdicts. Cannot rewrite a claim's statement or move it to
  another article.
- **viewer**: sees everything, changes nothing.

Give a person the staff flag and one of these groups. The permissions are a frozen
copy in the migration; change a role with a new migration.
"""

EDITOR_IN_CHIEF = "editor-in-chief"
EDITOR = "editor"
FACT_CHECKER = "fact-checker"
VIEWER = "viewer"

# Whom a claim may be assigned to (besides superusers).
CLAIM_REVIEWER_GROUPS = [EDITOR_IN_CHIEF, FACT_CHECKER]
