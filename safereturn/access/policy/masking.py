"""How identity looks before an audited reveal: masked."""


def mask_name(full_name):
    """'Nguyễn Thị Hương' → 'Nguyễn T. H.': family name, then initials."""
    parts = (full_name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0][0] + "."
    return " ".join([parts[0]] + [p[0] + "." for p in parts[1:]])


def mask_digits(value):
    digits = value or ""
    return "•" * max(len(digits) - 3, 0) + digits[-3:] if digits else ""
