"""The HTTP backend: Link's calls posted as JSON to a `tuilink serve` instance with httpx.

A Plaid error answered by the server is raised as it came (PlaidApiError with the server's error object and
HTTP status). A server that cannot be reached, does not answer within `timeout`, or answers something that
is not Plaid's is raised as INTERNAL_SERVER_ERROR naming what went wrong, so Link shows its ERROR pane.
"""
from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ..link.errors import make_error
from ..plaid import link_api as L
from ..plaid.errors import PlaidApiError
from ..plaid.models import LinkTokenCreateResponse, PlaidError
from .base import PATHS

T = TypeVar("T", bound=BaseModel)
DEFAULT_TIMEOUT = 10.0


def _fault(message: str) -> PlaidApiError:
    return make_error("INTERNAL_SERVER_ERROR", message)


def _endpoint(name: str, model: type[T]) -> Any:
    """One of Link's calls: the request model posted to PATHS[name], the answer parsed as `model`."""
    async def call(self: HttpBackend, req: BaseModel) -> T:
        return await self._call(name, req, model)

    call.__name__ = name
    return call


class HttpBackend:
    def __init__(self, base_url: str, *, client_id: str | None = None, secret: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        headers = {"Plaid-Version": "2020-09-14", "User-Agent": "tuilink"}
        if client_id:
            headers["PLAID-CLIENT-ID"] = client_id
        if secret:
            headers["PLAID-SECRET"] = secret
        self._client = httpx.AsyncClient(base_url=self.base_url, headers=headers, timeout=timeout,
                                         transport=transport)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST `body` to `path`: the JSON answer, or the PlaidApiError for what went wrong."""
        try:
            response = await self._client.post(path, json=body)
        except httpx.TimeoutException:
            raise _fault(f"the sandbox at {self.base_url} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise _fault(f"could not reach the sandbox at {self.base_url} ({type(exc).__name__})") from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code >= 400:
            if isinstance(answer, dict) and "error_code" in answer:
                try:
                    raise PlaidApiError(PlaidError.model_validate(answer), response.status_code)
                except ValidationError:
                    pass
            raise _fault(f"the sandbox at {self.base_url} answered HTTP {response.status_code} without a Plaid error")
        if not isinstance(answer, dict):
            raise _fault(f"the sandbox at {self.base_url} answered {path} with something that is not JSON")
        return answer

    async def _call(self, name: str, req: BaseModel, model: type[T]) -> T:
        answer = await self.post(PATHS[name], req.model_dump(mode="json"))
        try:
            return model.model_validate(answer)
        except ValidationError:
            raise _fault(f"the sandbox at {self.base_url} answered {PATHS[name]} in an unexpected shape") from None

    async def link_token_create(self, body: dict[str, Any]) -> LinkTokenCreateResponse:
        answer = await self.post(PATHS["link_token_create"], body)
        return LinkTokenCreateResponse.model_validate(answer)

    async def link_token_get(self, link_token: str) -> dict[str, Any]:
        """/link/token/get: the token's configuration and its sessions."""
        return await self.post("/link/token/get", {"link_token": link_token})

    start_session = _endpoint("start_session", L.StartSessionResponse)
    search = _endpoint("search", L.SearchResponse)
    select_institution = _endpoint("select_institution", L.SelectInstitutionResponse)
    submit_phone = _endpoint("submit_phone", L.SubmitPhoneResponse)
    submit_otp = _endpoint("submit_otp", L.SubmitOtpResponse)
    submit_matched_otp = _endpoint("submit_matched_otp", L.LoginResponse)
    saved_login = _endpoint("saved_login", L.SavedLoginResponse)
    submit_credentials = _endpoint("submit_credentials", L.LoginResponse)
    submit_mfa = _endpoint("submit_mfa", L.LoginResponse)
    submit_recaptcha = _endpoint("submit_recaptcha", L.LoginResponse)
    oauth_login = _endpoint("oauth_login", L.LoginResponse)
    oauth_redirect = _endpoint("oauth_redirect", L.OAuthRedirectResponse)
    submit_numbers = _endpoint("submit_numbers", L.SubmitNumbersResponse)
    verify_code = _endpoint("verify_code", L.VerifyCodeResponse)
    complete = _endpoint("complete", L.CompleteResponse)
    report = _endpoint("report", L.ReportResponse)
    hints = _endpoint("hints", L.HintsResponse)
