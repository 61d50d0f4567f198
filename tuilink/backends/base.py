"""The Backend protocol: Link's calls to Plaid, pydantic in, pydantic out.

Each method is one call of `tuilink.plaid.link_api`; failures raise `tuilink.plaid.errors.PlaidApiError`.
An HTTP implementation posts the request model as JSON to `PATHS[method]` and parses the response model.
"""
from __future__ import annotations

from typing import Any, Protocol

from ..plaid import link_api as L
from ..plaid.models import LinkTokenCreateResponse

# Where an HTTP backend sends each call (tuilink's own Link endpoints beside Plaid's public API).
PATHS = {
    "link_token_create": "/link/token/create",
    "start_session": "/link/session/start",
    "search": "/link/session/institutions/search",
    "select_institution": "/link/session/institution/select",
    "submit_phone": "/link/session/phone/submit",
    "submit_otp": "/link/session/otp/submit",
    "saved_login": "/link/session/saved/login",
    "submit_credentials": "/link/session/credentials/submit",
    "submit_mfa": "/link/session/mfa/submit",
    "oauth_login": "/link/session/oauth/login",
    "submit_numbers": "/link/session/numbers/submit",
    "verify_code": "/link/session/microdeposits/verify",
    "complete": "/link/session/complete",
}


class Backend(Protocol):
    async def link_token_create(self, body: dict[str, Any]) -> LinkTokenCreateResponse: ...
    async def start_session(self, req: L.StartSessionRequest) -> L.StartSessionResponse: ...
    async def search(self, req: L.SearchRequest) -> L.SearchResponse: ...
    async def select_institution(self, req: L.SelectInstitutionRequest) -> L.SelectInstitutionResponse: ...
    async def submit_phone(self, req: L.SubmitPhoneRequest) -> L.SubmitPhoneResponse: ...
    async def submit_otp(self, req: L.SubmitOtpRequest) -> L.SubmitOtpResponse: ...
    async def saved_login(self, req: L.SavedLoginRequest) -> L.SavedLoginResponse: ...
    async def submit_credentials(self, req: L.SubmitCredentialsRequest) -> L.LoginResponse: ...
    async def submit_mfa(self, req: L.SubmitMfaRequest) -> L.LoginResponse: ...
    async def oauth_login(self, req: L.SavedLoginRequest) -> L.LoginResponse: ...
    async def submit_numbers(self, req: L.SubmitNumbersRequest) -> L.SubmitNumbersResponse: ...
    async def verify_code(self, req: L.VerifyCodeRequest) -> L.VerifyCodeResponse: ...
    async def complete(self, req: L.CompleteRequest) -> L.CompleteResponse: ...
