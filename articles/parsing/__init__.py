"""Pure-Python parsing of scraped Arabic news articles; no Django here."""

from articles.parsing.claims import extract_claims
from articles.parsing.seed import parse_seed
from articles.parsing.text import normalize_arabic
from articles.parsing.types import (
    PARSER_VERSION,
    Block,
    BlockKind,
    Medium,
    ParsedArticle,
    ParsedClaim,
    ParsedImage,
    ParseError,
    ParseWarning,
)

__all__ = [
    "PARSER_VERSION",
    "Block",
    "BlockKind",
    "Medium",
    "ParseError",
    "ParseWarning",
    "ParsedArticle",
    "ParsedClaim",
    "ParsedImage",
    "extract_claims",
    "normalize_arabic",
    "parse_seed",
]
