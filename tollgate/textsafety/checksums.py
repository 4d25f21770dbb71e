"""Checksums that tell a card number, an IBAN, a product barcode or a national id number from
an arbitrary run of digits."""

from __future__ import annotations

__all__ = [
    "es_dni_ok",
    "fi_henkilotunnus_ok",
    "fr_nir_ok",
    "gtin_ok",
    "iban_ok",
    "it_codice_fiscale_ok",
    "luhn_ok",
    "no_fodselsnummer_ok",
    "se_personnummer_ok",
]


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check of a string of ASCII digits (card numbers); ``False`` if empty."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(compact: str) -> bool:
    """The ISO 7064 mod-97 check of an IBAN without spaces (15 to 34 characters)."""
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum() or not compact.isascii():
        return False
    moved = (compact[4:] + compact[:4]).upper()
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def gtin_ok(digits: str) -> bool:
    """The GS1 check digit of an EAN-8 / UPC-A / EAN-13 / GTIN-14 (barcodes on products)."""
    if len(digits) not in (8, 12, 13, 14) or not digits.isdigit():
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def _date_ok(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def se_personnummer_ok(compact: str) -> bool:
    """A Swedish personnummer / samordningsnummer (``YYMMDDNNNC`` or ``YYYYMMDDNNNC``, no
    separator): a valid month and day (day + 60 for a samordningsnummer) and the Luhn digit over
    the last ten digits."""
    if len(compact) not in (10, 12) or not compact.isdigit():
        return False
    ten = compact[-10:]
    day = int(ten[4:6])
    return _date_ok(day - 60 if day > 60 else day, int(ten[2:4])) and luhn_ok(ten)


def no_fodselsnummer_ok(digits: str) -> bool:
    """A Norwegian fødselsnummer (``DDMMYYIIIKK``): a valid day (D-numbers + 40) and month,
    and both mod-11 check digits."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    day = int(digits[:2])
    if not _date_ok(day - 40 if day > 40 else day, int(digits[2:4])):
        return False
    values = [int(c) for c in digits]
    for weights, at in (((3, 7, 6, 1, 8, 9, 4, 5, 2), 9), ((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 10)):
        check = 11 - sum(w * v for w, v in zip(weights, values, strict=False)) % 11
        if (0 if check == 11 else check) != values[at] or check == 10:
            return False
    return True


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def fi_henkilotunnus_ok(value: str) -> bool:
    """A Finnish henkilötunnus (``DDMMYYCZZZQ``, ``C`` one of ``+-A-FU-Y``): a valid date and
    the mod-31 check character."""
    value = value.upper()
    if len(value) != 11 or not (value[:6] + value[7:10]).isdigit():
        return False
    if not _date_ok(int(value[:2]), int(value[2:4])):
        return False
    return _HETU_CHECK[int(value[:6] + value[7:10]) % 31] == value[10]


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni_ok(value: str) -> bool:
    """A Spanish DNI (``12345678Z``) or NIE (``X1234567L``): the mod-23 control letter."""
    value = value.upper().replace("-", "")
    if len(value) != 9 or not value[-1].isalpha():
        return False
    body = value[:-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    return body.isdigit() and _DNI_LETTERS[int(body) % 23] == value[-1]


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18,
                    20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23), strict=True))  # fmt: skip


def it_codice_fiscale_ok(value: str) -> bool:
    """An Italian codice fiscale (16 characters): its check letter."""
    value = value.upper()
    if len(value) != 16 or not value.isalnum() or not value.isascii():
        return False
    total = 0
    for i, char in enumerate(value[:15]):
        if i % 2 == 0:  # 1st, 3rd, ... character
            total += _CF_ODD[char]
        else:
            total += int(char) if char.isdigit() else ord(char) - 65
    return chr(65 + total % 26) == value[15]


def fr_nir_ok(compact: str) -> bool:
    """A French NIR (numéro de sécurité sociale, 13 characters and a 2-digit key; Corsica
    ``2A`` / ``2B``): sex 1 or 2, a month 01-12 (or 20-99 for unknown), the mod-97 key."""
    compact = compact.upper()
    if len(compact) != 15 or compact[0] not in "12":
        return False
    body, key = compact[:13], compact[13:]
    shift = 0
    if body[5:7] in ("2A", "2B"):
        shift = 1_000_000 if body[5:7] == "2A" else 2_000_000
        body = body[:5] + ("19" if body[5:7] == "2A" else "18") + body[7:]
    if not body.isdigit() or not key.isdigit():
        return False
    month = int(body[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 99):
        return False
    return 97 - (int(body) - shift) % 97 == int(key)
