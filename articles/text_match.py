"""SQL for substring matching of Arabic text (the admin's search box), one definition.

``MatchText(expr)`` is ``expr`` as the admin's search compares it: the SQL function
``articles_normalize_arabic`` (articles/search.py) plus what that function leaves to
the ``arabic`` stemmer and ``normalize_arabic`` folds in Python (hamza forms of alef,
Arabic-Indic and Persian digits), lower-cased. Applied to a column and to the query
word alike. ``Claim.statement_match`` stores it (a generated column), so a change here
needs a migration that recomputes that column.
"""

from django.db.models import F, Func, TextField

from articles.search import NormalizeArabic

_FOLD_FROM = "أإآ" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"
_FOLD_TO = "ااا" + "0123456789" + "0123456789"


class MatchText(Func):
    template = f"lower(translate(%(expressions)s, '{_FOLD_FROM}', '{_FOLD_TO}'))"
    output_field = TextField()

    def __init__(self, expression):
        if isinstance(expression, str):
            expression = F(expression)
        super().__init__(NormalizeArabic(expression))
