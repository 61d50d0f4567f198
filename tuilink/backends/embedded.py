"""The embedded backend: the sandbox in this process, with optional simulated latency."""
from __future__ import annotations

import asyncio
from typing import Any

from ..plaid import link_api as L
from ..plaid.models import LinkTokenCreateResponse
from ..sandbox import Sandbox


class EmbeddedBackend:
    def __init__(self, sandbox: Sandbox | None = None, latency_ms: int = 0) -> None:
        self.sandbox = sandbox or Sandbox()
        self.latency = latency_ms / 1000

    async def _wait(self) -> None:
        if self.latency:
            await asyncio.sleep(self.latency)

    async def link_token_create(self, body: dict[str, Any]) -> LinkTokenCreateResponse:
        return self.sandbox.link_token_create(body)

    async def start_session(self, req: L.StartSessionRequest) -> L.StartSessionResponse:
        return self.sandbox.start_session(req)

    async def search(self, req: L.SearchRequest) -> L.SearchResponse:
        return self.sandbox.search(req)

    async def select_institution(self, req: L.SelectInstitutionRequest) -> L.SelectInstitutionResponse:
        return self.sandbox.select_institution(req)

    async def submit_phone(self, req: L.SubmitPhoneRequest) -> L.SubmitPhoneResponse:
        await self._wait()
        return self.sandbox.submit_phone(req)

    async def submit_otp(self, req: L.SubmitOtpRequest) -> L.SubmitOtpResponse:
        await self._wait()
        return self.sandbox.submit_otp(req)

    async def submit_matched_otp(self, req: L.SubmitOtpRequest) -> L.LoginResponse:
        await self._wait()
        return self.sandbox.submit_matched_otp(req)

    async def saved_login(self, req: L.SavedLoginRequest) -> L.SavedLoginResponse:
        await self._wait()
        return self.sandbox.saved_login(req)

    async def submit_credentials(self, req: L.SubmitCredentialsRequest) -> L.LoginResponse:
        await self._wait()
        return self.sandbox.submit_credentials(req)

    async def submit_mfa(self, req: L.SubmitMfaRequest) -> L.LoginResponse:
        await self._wait()
        return self.sandbox.submit_mfa(req)

    async def submit_recaptcha(self, req: L.SubmitRecaptchaRequest) -> L.LoginResponse:
        await self._wait()
        return self.sandbox.submit_recaptcha(req)

    async def oauth_login(self, req: L.OAuthLoginRequest) -> L.LoginResponse:
        await self._wait()
        return self.sandbox.oauth_login(req)

    async def oauth_redirect(self, req: L.OAuthRedirectRequest) -> L.OAuthRedirectResponse:
        await self._wait()
        return self.sandbox.oauth_redirect(req)

    async def submit_numbers(self, req: L.SubmitNumbersRequest) -> L.SubmitNumbersResponse:
        await self._wait()
        return self.sandbox.submit_numbers(req)

    async def verify_code(self, req: L.VerifyCodeRequest) -> L.VerifyCodeResponse:
        await self._wait()
        return self.sandbox.verify_code(req)

    async def complete(self, req: L.CompleteRequest) -> L.CompleteResponse:
        await self._wait()
        return self.sandbox.complete(req)

    async def report(self, req: L.ReportRequest) -> L.ReportResponse:
        return self.sandbox.report(req)

    async def hints(self, req: L.HintsRequest) -> L.HintsResponse:
        return self.sandbox.hints(req)

    async def aclose(self) -> None:
        return None
