"""Words for the verification wizard: the validators' problem codes, the SMS outcomes and the
gateway's failures, in the operator's language (the core returns codes, never sentences)."""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication

from app.verification.session import Level
from app.verification.sms_codes import CodeCheck
from app.verification.sms_gateway import GatewayFailure


def problem(code: enum.Enum | None) -> str:
    """Why what the operator typed cannot be a document, a phone or a name ('' when it can):
    the validators' problem enums share these member names."""
    if code is None:
        return ""
    name = code.name
    texts = {
        "EMPTY": QCoreApplication.translate("Verification", "type what the caller dictates"),
        "NOT_DIGITS": QCoreApplication.translate("Verification", "only digits, spaces and hyphens"),
        "WRONG_LENGTH": QCoreApplication.translate("Verification", "wrong number of digits"),
        "ALL_ZEROS": QCoreApplication.translate("Verification", "all zeros: not a real number"),
        "CHECK_DIGITS": QCoreApplication.translate(
            "Verification", "the check digits do not fit: ask the caller to repeat"
        ),
        "NO_REGION": QCoreApplication.translate(
            "Verification", "a passport series does not start with 00"
        ),
        "ZERO_NUMBER": QCoreApplication.translate(
            "Verification", "a passport number is not 000000"
        ),
        "NOT_A_NUMBER": QCoreApplication.translate("Verification", "not a phone number"),
        "INVALID_COUNTRY_CODE": QCoreApplication.translate("Verification", "no such country code"),
        "TOO_SHORT": QCoreApplication.translate("Verification", "too few digits"),
        "TOO_LONG": QCoreApplication.translate("Verification", "too long"),
        "NOT_ASSIGNED": QCoreApplication.translate("Verification", "no such number in the plan"),
        "BAD_CHARACTERS": QCoreApplication.translate(
            "Verification", "letters, hyphens, apostrophes and spaces only"
        ),
        "MIXED_ALPHABETS": QCoreApplication.translate(
            "Verification", "Latin and Cyrillic letters mixed in one word"
        ),
        "BAD_PUNCTUATION": QCoreApplication.translate(
            "Verification", "a stray hyphen or apostrophe"
        ),
        "TOO_FEW_PARTS": QCoreApplication.translate(
            "Verification", "surname and first name at least"
        ),
    }
    return texts.get(
        name, QCoreApplication.translate("Verification", "not a valid document number")
    )


def level(value: Level) -> str:
    return {
        Level.NONE: QCoreApplication.translate("Verification", "not verified"),
        Level.PARTIAL: QCoreApplication.translate("Verification", "partly verified"),
        Level.FULL: QCoreApplication.translate("Verification", "fully verified"),
    }[value]


def code_check(outcome: CodeCheck, attempts_left: int) -> str:
    texts = {
        CodeCheck.MATCH: QCoreApplication.translate("Verification", "the code is right"),
        CodeCheck.MISMATCH: QCoreApplication.translate(
            "Verification", "wrong code; attempts left: %1"
        ),
        CodeCheck.NOT_A_CODE: QCoreApplication.translate("Verification", "a code is six digits"),
        CodeCheck.EXPIRED: QCoreApplication.translate(
            "Verification", "the code has expired: send a new one"
        ),
        CodeCheck.TOO_MANY_ATTEMPTS: QCoreApplication.translate(
            "Verification", "three wrong codes: send a new one"
        ),
        CodeCheck.NO_CODE: QCoreApplication.translate("Verification", "no code was sent yet"),
    }
    return texts[outcome].replace("%1", str(attempts_left))


def gateway_failure(reason: GatewayFailure, status: int | None) -> str:
    texts = {
        GatewayFailure.UNREACHABLE: QCoreApplication.translate(
            "Verification", "the SMS gateway cannot be reached"
        ),
        GatewayFailure.TIMEOUT: QCoreApplication.translate(
            "Verification", "the SMS gateway did not answer in time"
        ),
        GatewayFailure.REJECTED: QCoreApplication.translate(
            "Verification", "the SMS gateway refused the message (HTTP %1)"
        ),
        GatewayFailure.SERVER_ERROR: QCoreApplication.translate(
            "Verification", "the SMS gateway failed (HTTP %1)"
        ),
        GatewayFailure.BAD_RESPONSE: QCoreApplication.translate(
            "Verification", "the SMS gateway gave an answer the desk cannot read"
        ),
    }
    return texts[reason].replace("%1", str(status or ""))
