"""The production-size catalogue (generated, loaded from a file) and institution search over it."""
import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from stdnum.us import rtn

from tuilink.cli import cli
from tuilink.link.matching import match_spans, within_one_edit
from tuilink.sandbox.catalogue import Catalogue, CatalogueError, default_catalogue, institutions_from, load_catalogue
from tuilink.sandbox.generate import generate
from tuilink.sandbox.validation import enum


@pytest.fixture(scope="module")
def big() -> Catalogue:
    return Catalogue(institutions_from(generate(), "generated"))


def names(cat: Catalogue, query: str, n: int = 5) -> list[str]:
    return [i.name for i in cat.search(query)[:n]]


# --- the generated catalogue ---------------------------------------------------------------------------------


def test_generation_is_deterministic_and_production_size():
    first, again, other = generate(), generate(), generate(seed=7)
    assert json.dumps(first) == json.dumps(again) and json.dumps(first) != json.dumps(other)
    institutions = first["institutions"]
    assert len(institutions) == 12_000
    assert len({i["name"].casefold() for i in institutions}) == 12_000
    assert len({i["institution_id"] for i in institutions}) == 12_000


def test_the_sandbox_institutions_come_first_unchanged(big):
    sandbox = default_catalogue().institutions
    assert big.institutions[:len(sandbox)] == sandbox


def test_generated_institutions_are_plausible(big):
    generated = big.institutions[len(default_catalogue().institutions):]
    products = set(enum("products"))
    countries = {c for i in generated for c in i.country_codes}
    assert countries <= set(enum("country_codes")) and {"US", "CA", "GB", "FR", "ES", "DE"} <= countries
    assert all(set(i.products) <= products for i in generated)
    assert all(rtn.is_valid(r) for i in generated for r in i.routing_numbers)
    assert sum(bool(i.routing_numbers) for i in generated) > 9_000
    assert {i.health for i in generated} == {"HEALTHY", "DEGRADED", "DOWN"}
    assert 0.05 < sum(i.oauth for i in generated) / len(generated) < 0.3
    assert any("é" in i.name or "ü" in i.name for i in generated)  # accents to search past


# --- loading a catalogue file ----------------------------------------------------------------------------------


def test_a_catalogue_file_loads_and_keeps_the_sandbox_institutions(tmp_path):
    path = tmp_path / "c.json"
    theirs = [i for i in generate(count=200)["institutions"] if not i["sandbox"]]
    path.write_text(json.dumps({"institutions": theirs}))
    cat = load_catalogue(str(path))
    assert cat.get("ins_109508").name == "First Platypus Bank"  # added: the file lacked it
    assert len(cat.institutions) == len(theirs) + sum(i.sandbox for i in default_catalogue().institutions)


@pytest.mark.parametrize("content,problem", [
    ("not json", "not JSON"),
    ('{"banks": []}', 'expected a JSON object with an "institutions" list'),
    ('{"institutions": [1]}', "institutions[0] is not an object"),
    ('{"institutions": [{"institution_id": "x"}]}', "institutions[0] (x): missing name"),
])
def test_a_bad_catalogue_file_is_one_clear_line(tmp_path, content, problem):
    path = tmp_path / "c.json"
    path.write_text(content)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(str(path))
    assert problem in str(caught.value) and "\n" not in str(caught.value)


def test_wrong_types_and_duplicates_are_named(tmp_path):
    good = generate(count=100)["institutions"]
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"institutions": [{**good[60], "oauth": "yes"}]}))
    with pytest.raises(CatalogueError, match=r"oauth should be bool"):
        load_catalogue(str(path))
    path.write_text(json.dumps({"institutions": [good[60], good[60]]}))
    with pytest.raises(CatalogueError, match=r"appears twice"):
        load_catalogue(str(path))


# --- search on 12,000 institutions -----------------------------------------------------------------------------


def test_exact_name_first_then_name_prefix_then_word_prefix(big):
    assert names(big, "chase")[0] == "Chase"
    assert names(big, "Chase")[0] == "Chase"
    assert names(big, "first plat", 2) == ["First Platypus Bank", "First Platypus Balance Bank"]
    found = big.search("credit union hudson")
    assert found and all({"credit", "union", "hudson"} <= set(i.name.casefold().split()) for i in found)


def test_accents_and_case_do_not_matter(big):
    assert all("münster" in n.casefold() for n in names(big, "MUNSTER"))
    assert names(big, "caisse d'epargne") and all("Caisse d'Épargne" in n for n in names(big, "caisse d'epargne"))


def test_abbreviations(big):
    assert names(big, "bk of am")[0] == "Bank of America"
    assert names(big, "navy fcu")[0] == "Navy Federal Credit Union"
    assert all("Credit Union" in n for n in names(big, "hudson cu"))


def test_one_typo_is_forgiven_only_when_nothing_matches_as_typed(big):
    assert names(big, "chsae") == ["Chase"]  # transposition
    assert names(big, "houndstoth")[0] == "Houndstooth Bank"  # deletion
    assert all("Credit Union" in n for n in names(big, "credti union"))
    assert names(big, "xqzv") == []
    assert within_one_edit("chase", "chsae") and not within_one_edit("chase", "chesa")


def test_a_substring_matches_last(big):
    assert "Bank of America" in names(big, "ank of americ", 50)


def matched(name: str, query: str) -> list[str]:
    return [name[start:end] for start, end in match_spans(name, query)]


def test_what_a_query_matched_is_the_text_a_row_highlights():
    assert matched("First Platypus Bank", "first plat") == ["First Plat"]  # the start of the name
    assert matched("JPMorgan Chase", "chase") == ["Chase"]
    assert matched("Bank of America", "ank of am") == ["ank of Am"]  # inside the name
    assert matched("Hudson Valley Credit Union", "credit union hudson") == ["Hudson", "Credit", "Union"]
    assert matched("Bank of America", "bk of am") == ["Bank", "of", "Am"]  # an abbreviation: its whole word
    assert matched("Navy Federal Credit Union", "navy fcu") == ["Navy", "Federal", "Credit", "Union"]
    assert matched("Chase", "chsae") == ["Chase"] and matched("Houndstooth Bank", "houndstoth") == ["Houndstooth"]
    assert matched("Crédit Agricole", "CREDIT") == ["Crédit"] and matched("Straße Bank", "strasse") == ["Straße"]
    assert matched("Tartan Bank", "ta") == ["Ta"]  # a short query: word starts only
    assert matched("Windowpane Bank", "333333334") == [] and matched("Chase", "  ") == []


def test_every_row_the_search_shows_highlights_something(big):
    for query in ["chase", "bk of am", "credit union hudson", "ank of americ", "chsae", "MUNSTER", "first plat"]:
        for inst in big.search(query):
            assert match_spans(inst.name, query), (inst.name, query)


@given(st.text(max_size=40), st.text(max_size=20))
def test_highlights_are_ordered_disjoint_spans_inside_the_name(name, query):
    spans = match_spans(name, query)
    assert all(0 <= start < end <= len(name) for start, end in spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_nine_digits_search_routing_numbers(big):
    assert names(big, "333333334") == ["Windowpane Bank"]
    some = next(i for i in big.institutions if len(i.routing_numbers) == 2)
    assert some.name in names(big, some.routing_numbers[1], 50)
    assert big.with_routing_number(some.routing_numbers[0])[0] is some


def test_results_are_capped_and_in_catalogue_order_within_a_rank(big):
    found = big.search("bank", limit=50)
    assert len(found) == 50
    positions = [big.institutions.index(i) for i in found]
    assert positions == sorted(positions)  # "bank" starts no name exactly: one rank, catalogue order


# --- the commands --------------------------------------------------------------------------------------------


def test_generate_catalogue_command_and_catalogue_options(tmp_path):
    out = tmp_path / "cat.json"
    runner = CliRunner()
    made = runner.invoke(cli, ["sandbox", "generate-catalogue", "--count", "300", "-o", str(out)])
    assert made.exit_code == 0 and "wrote 300 institutions" in made.output
    assert len(json.loads(out.read_text())["institutions"]) == 300
    listed = runner.invoke(cli, ["institutions", "--catalogue", str(out)])
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == 301
    bad = runner.invoke(cli, ["institutions", "--catalogue", str(tmp_path / "missing.json")])
    assert bad.exit_code == 2 and bad.output.startswith("tuilink: --catalogue ") and len(bad.output.splitlines()) == 1


def test_run_uses_the_catalogue(tmp_path):
    out = tmp_path / "cat.json"
    CliRunner().invoke(cli, ["sandbox", "generate-catalogue", "--count", "300", "-o", str(out)])
    script = tmp_path / "s.toml"
    some = json.loads(out.read_text())["institutions"][-1]
    script.write_text(f"""
[link_token]
client_name = "T"
products = ["{'transactions' if 'transactions' in some['products'] else some['products'][0]}"]
country_codes = ["{some['country_codes'][0]}"]
language = "en"
user = {{ client_user_id = "u" }}

[options]
returning_user = false

[[steps]]
view = "CONSENT"
action = "continue"

[[steps]]
view = "SELECT_INSTITUTION"
search = "{some['name']}"
select = "{some['institution_id']}"

[expect]
events = ["OPEN:CONSENT", "TRANSITION_VIEW:SELECT_INSTITUTION", "SEARCH_INSTITUTION", "SELECT_INSTITUTION"]
""")
    # the run stops after the expected events (no step for the next pane): FAIL with "no answer", after the
    # institution — only in the generated catalogue — was found and selected
    answer = CliRunner().invoke(cli, ["run", "--catalogue", str(out), str(script)])
    assert "no answer for" in answer.output, answer.output
    default = CliRunner().invoke(cli, ["run", str(script)])
    assert f"{some['institution_id']} is not listed" in default.output


def test_the_written_file_is_json_read_one_institution_per_line(tmp_path):
    from tuilink.sandbox import catalogue as module
    from tuilink.sandbox.generate import write

    path = tmp_path / "c.json"
    write(str(path), count=400)
    assert json.loads(path.read_text())["institutions"] == generate(count=400)["institutions"]
    by_lines = module._read_lines(str(path))
    assert by_lines is not None and by_lines == institutions_from(json.loads(path.read_text()), "x")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(path.read_text()), indent=2))
    assert module._read_lines(str(pretty)) is None  # another layout: read whole
    assert load_catalogue(str(pretty)).institutions == load_catalogue(str(path)).institutions


def test_equal_lists_are_one_object_across_institutions(big):
    products = {}
    for inst in big.institutions:
        products.setdefault(inst.products, set()).add(id(inst.products))
    assert all(len(ids) == 1 for ids in products.values())
