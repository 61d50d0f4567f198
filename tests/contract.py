"""Plaid's contract for what a Link session hands back, checked on our own output.

The project's copy of the checks: event, view, exit-status and verification-status names from Plaid's SDK
enum lists (tests/data/link_enums.json), every onEvent metadata key, one link_session_id, ISO 8601
millisecond timestamps that never go backwards, a public-sandbox-<uuid> token, and no secret in the output.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

META_KEYS = ["account_number_mask", "error_type", "error_code", "error_message", "exit_status",
             "institution_id", "institution_name", "institution_search_query", "is_update_mode",
             "match_reason", "mfa_type", "routing_number", "selection", "view_name", "request_id",
             "link_session_id", "timestamp"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
PUBLIC_TOKEN = re.compile(r"^public-sandbox-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ID_FIELDS = {"link_session_id", "request_id", "public_token", "timestamp", "id", "account_id"}


@cache
def enums() -> dict[str, list[str]]:
    return json.loads((Path(__file__).parent / "data" / "link_enums.json").read_text())


def _scrub(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: ("" if k in ID_FIELDS else _scrub(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_scrub(v) for v in obj]
    return obj


def problems(events: list[dict], result: dict, secrets: list[str] = ()) -> list[str]:
    found: list[str] = []
    e = enums()
    names, views = set(e["union.LinkEventName"]), set(e["union.LinkEventViewName"])
    sessions: set = set()
    last = ""
    for i, ev in enumerate(events):
        meta = ev.get("metadata")
        if ev.get("event_name") not in names:
            found.append(f"event {i}: {ev.get('event_name')!r} is not a Plaid event name")
        if not isinstance(meta, dict):
            found.append(f"event {i}: no metadata")
            continue
        missing = [k for k in META_KEYS if k not in meta]
        if missing:
            found.append(f"event {i}: metadata lacks {missing}")
        if meta.get("view_name") is not None and meta["view_name"] not in views:
            found.append(f"event {i}: {meta['view_name']!r} is not a Plaid view name")
        if meta.get("exit_status") is not None and meta["exit_status"] not in e["union.LinkExitStatus"]:
            found.append(f"event {i}: exit_status {meta['exit_status']!r} is not Plaid's")
        sessions.add(meta.get("link_session_id"))
        ts = meta.get("timestamp") or ""
        if not TIMESTAMP.match(ts):
            found.append(f"event {i}: timestamp {ts!r} is not ISO 8601 with milliseconds and Z")
        elif ts < last:
            found.append(f"event {i}: timestamp goes backwards")
        last = max(last, ts)
    if len(sessions) != 1 or not all(isinstance(s, str) and UUID.match(s) for s in sessions):
        found.append("events do not share one link_session_id UUID")
    meta = result.get("metadata") or {}
    if sessions and meta.get("link_session_id") not in sessions:
        found.append("the result's link_session_id differs from the events'")
    if result.get("callback") == "onSuccess":
        if not PUBLIC_TOKEN.match(str(result.get("public_token"))):
            found.append(f"public_token {result.get('public_token')!r} is not public-sandbox-<uuid>")
        for account in meta.get("accounts") or []:
            missing = [k for k in ("id", "name", "mask", "type", "subtype", "verification_status", "class_type")
                       if k not in account]
            if missing:
                found.append(f"account lacks {missing}")
            vs = account.get("verification_status")
            if vs not in (None, "") and vs not in e["union.VerificationStatus"]:
                found.append(f"verification_status {vs!r} is not Plaid's")
        if set(meta) != {"institution", "accounts", "link_session_id", "transfer_status"}:
            found.append(f"onSuccess metadata keys are {sorted(meta)}")
    elif result.get("callback") == "onExit":
        status = meta.get("status")
        if status is not None and status not in e["union.LinkExitStatus"]:
            found.append(f"exit status {status!r} is not Plaid's")
        if set(meta) != {"institution", "status", "link_session_id", "request_id"}:
            found.append(f"onExit metadata keys are {sorted(meta)}")
        if result.get("error") is not None and set(result["error"]) != {
                "error_type", "error_code", "error_message", "display_message"}:
            found.append(f"onExit error keys are {sorted(result['error'])}")
    else:
        found.append(f"callback {result.get('callback')!r} is neither onSuccess nor onExit")
    text = json.dumps(_scrub(events)) + json.dumps(_scrub(result))
    found += [f"secret {s!r} appears in the output" for s in secrets if s and s in text]
    return found
