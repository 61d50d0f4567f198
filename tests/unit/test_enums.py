"""Everything tuilink can emit is in Plaid's SDK enum lists (tests carry their own copy of the lists)."""
from tests.contract import META_KEYS, enums
from tuilink.flow.panes import MFA_EXIT_STATUS, PANES
from tuilink.flow.state import PaneId
from tuilink.plaid.enums import EventName, ExitStatus, VerificationStatus, ViewName
from tuilink.plaid.models import LinkEventMetadata


def test_event_names_are_plaids():
    assert {e.value for e in EventName} <= set(enums()["union.LinkEventName"])


def test_view_names_are_plaids():
    assert {v.value for v in ViewName} <= set(enums()["union.LinkEventViewName"])


def test_exit_statuses_are_plaids():
    assert {s.value for s in ExitStatus} <= set(enums()["union.LinkExitStatus"])
    statuses = {rule.exit_status for rule in PANES.values() if isinstance(rule.exit_status, ExitStatus)}
    assert {s.value for s in statuses} | {s.value for s in MFA_EXIT_STATUS.values()} <= set(
        enums()["union.LinkExitStatus"])


def test_pane_ids_are_plaids_view_names_and_our_own_sub_panes():
    assert {v.value for v in ViewName} <= {p.value for p in PaneId}
    assert {p.value for p in PaneId if p.is_plaid_view} <= set(enums()["union.LinkEventViewName"])


def test_verification_statuses_are_plaids():
    assert {s.value for s in VerificationStatus} <= set(enums()["union.VerificationStatus"])


def test_event_metadata_has_every_key():
    fields = set(LinkEventMetadata.model_fields)
    assert set(META_KEYS) <= fields

