"""How council papers word lists of names and things."""


def join_and(values) -> str:
    """["A", "B", "C"] -> "A, B and C"."""
    values = [str(value) for value in values]
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} and {values[-1]}"
