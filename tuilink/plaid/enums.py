"""The Plaid enum values tuilink emits. Every value is checked against Plaid's SDK lists by a test."""
from enum import StrEnum


class EventName(StrEnum):
    OPEN = "OPEN"
    TRANSITION_VIEW = "TRANSITION_VIEW"
    SEARCH_INSTITUTION = "SEARCH_INSTITUTION"
    SELECT_INSTITUTION = "SELECT_INSTITUTION"
    SELECT_DEGRADED_INSTITUTION = "SELECT_DEGRADED_INSTITUTION"
    SELECT_DOWN_INSTITUTION = "SELECT_DOWN_INSTITUTION"
    SELECT_FILTERED_INSTITUTION = "SELECT_FILTERED_INSTITUTION"
    SUBMIT_CREDENTIALS = "SUBMIT_CREDENTIALS"
    SUBMIT_MFA = "SUBMIT_MFA"
    OPEN_OAUTH = "OPEN_OAUTH"
    SUBMIT_ROUTING_NUMBER = "SUBMIT_ROUTING_NUMBER"
    SUBMIT_ACCOUNT_NUMBER = "SUBMIT_ACCOUNT_NUMBER"
    SUBMIT_PHONE = "SUBMIT_PHONE"
    SKIP_SUBMIT_PHONE = "SKIP_SUBMIT_PHONE"
    SUBMIT_OTP = "SUBMIT_OTP"
    VERIFY_PHONE = "VERIFY_PHONE"
    CONNECT_NEW_INSTITUTION = "CONNECT_NEW_INSTITUTION"
    VIEW_DATA_TYPES = "VIEW_DATA_TYPES"
    ERROR = "ERROR"
    EXIT = "EXIT"
    HANDOFF = "HANDOFF"


class ViewName(StrEnum):
    CONSENT = "CONSENT"
    SUBMIT_PHONE = "SUBMIT_PHONE"
    VERIFY_PHONE = "VERIFY_PHONE"
    SELECT_SAVED_INSTITUTION = "SELECT_SAVED_INSTITUTION"
    SELECT_SAVED_ACCOUNT = "SELECT_SAVED_ACCOUNT"
    SELECT_INSTITUTION = "SELECT_INSTITUTION"
    OAUTH = "OAUTH"
    CREDENTIAL = "CREDENTIAL"
    MFA = "MFA"
    RECAPTCHA = "RECAPTCHA"
    SELECT_ACCOUNT = "SELECT_ACCOUNT"
    NUMBERS = "NUMBERS"
    SAME_DAY_MICRODEPOSIT_AUTHORIZED = "SAME_DAY_MICRODEPOSIT_AUTHORIZED"
    INSTANT_MICRODEPOSIT_AUTHORIZED = "INSTANT_MICRODEPOSIT_AUTHORIZED"
    INSTANT_MICRODEPOSIT_VERIFICATION = "INSTANT_MICRODEPOSIT_VERIFICATION"
    SAME_DAY_MICRODEPOSIT_VERIFICATION = "SAME_DAY_MICRODEPOSIT_VERIFICATION"
    LOADING = "LOADING"
    CONNECTED = "CONNECTED"
    ERROR = "ERROR"
    EXIT = "EXIT"


class ExitStatus(StrEnum):
    REQUIRES_CREDENTIALS = "requires_credentials"
    REQUIRES_QUESTIONS = "requires_questions"
    REQUIRES_SELECTIONS = "requires_selections"
    REQUIRES_CODE = "requires_code"
    CHOOSE_DEVICE = "choose_device"
    REQUIRES_ACCOUNT_SELECTION = "requires_account_selection"
    REQUIRES_OAUTH = "requires_oauth"
    INSTITUTION_NOT_FOUND = "institution_not_found"
    REQUIRES_RECAPTCHA = "requires_recaptcha"


class VerificationStatus(StrEnum):
    PENDING_AUTOMATIC_VERIFICATION = "pending_automatic_verification"
    PENDING_MANUAL_VERIFICATION = "pending_manual_verification"
    MANUALLY_VERIFIED = "manually_verified"
    AUTOMATICALLY_VERIFIED = "automatically_verified"
    VERIFICATION_EXPIRED = "verification_expired"
    VERIFICATION_FAILED = "verification_failed"


class MfaType(StrEnum):
    CODE = "code"
    DEVICE = "device"
    QUESTIONS = "questions"
    SELECTIONS = "selections"


class MatchReason(StrEnum):
    SAVED_INSTITUTION = "SAVED_INSTITUTION"
    AUTO_SELECT_SAVED_INSTITUTION = "AUTO_SELECT_SAVED_INSTITUTION"
    SAVED_ACCOUNT = "SAVED_ACCOUNT"


class Product(StrEnum):
    ASSETS = "assets"
    AUTH = "auth"
    BALANCE = "balance"
    IDENTITY = "identity"
    IDENTITY_MATCH = "identity_match"
    INCOME_VERIFICATION = "income_verification"
    INVESTMENTS = "investments"
    LIABILITIES = "liabilities"
    TRANSACTIONS = "transactions"
    TRANSFER = "transfer"
    SIGNAL = "signal"
    STATEMENTS = "statements"


LANGUAGES = ("da", "nl", "en", "et", "fr", "de", "hi", "it", "lv", "lt", "no", "pl", "pt", "ro", "es", "sv", "vi")
COUNTRY_CODES = ("US", "GB", "ES", "NL", "FR", "IE", "CA", "DE", "IT", "PL", "DK", "NO", "SE", "EE", "LT", "LV",
                 "PT", "BE", "AT", "FI")
