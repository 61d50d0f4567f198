"""One typed spec says which backend a session opens on; contradictory options are one line, named as the caller
spells them."""
import pytest

from tuilink.backends.spec import DEFAULT_SERVER, Embedded, Remote, SpecError, backend_spec


def test_no_backend_is_the_embedded_sandbox_with_its_state_catalogue_and_latency():
    assert backend_spec(state="s.db", catalogue="c.json", latency_ms=250) == Embedded("s.db", "c.json", 250)


def test_a_backend_is_a_remote_server_with_its_token_source_and_timeout(monkeypatch):
    monkeypatch.setenv("PLAID_CLIENT_ID", "id-1")
    monkeypatch.setenv("PLAID_SECRET", "secret-1")
    spec = backend_spec(backend="http://h:1", link_token="link-sandbox-x", timeout=3.0)
    assert spec == Remote("http://h:1", "id-1", "secret-1", 3.0, link_token="link-sandbox-x")
    assert "secret-1" not in repr(spec)


def test_a_link_token_url_alone_means_the_default_server():
    spec = backend_spec(link_token_url="http://app/api/create_link_token")
    assert isinstance(spec, Remote) and spec.url == DEFAULT_SERVER and spec.link_token_url


@pytest.mark.parametrize(("options", "message"), [
    ({"link_token": "t"}, "--link-token needs --backend URL"),
    ({"backend": "http://h:1", "state": "s.db"}, "--state belongs to the server with --backend"),
    ({"backend": "http://h:1", "catalogue": "c.json"}, "--catalogue belongs to the server with --backend"),
])
def test_options_of_the_other_backend_are_refused(options, message):
    with pytest.raises(SpecError, match=message):
        backend_spec(**options)
    with pytest.raises(SpecError, match=message.replace("--link-token", "link_token=").replace(
            "--backend", "backend=").replace("--state", "state=").replace("--catalogue", "catalogue=")):
        backend_spec(**options, spell=lambda name: f"{name}=")
