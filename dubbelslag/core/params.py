"""Reading request parameters that users (and crawlers) can set to anything."""


def as_pk(value: str) -> int | None:
    """A primary key from a query or form parameter; None for anything else: letters, signs, "²" (a digit to
    ``str.isdigit`` that ``int`` refuses), or a number too long for the database's integer."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None
