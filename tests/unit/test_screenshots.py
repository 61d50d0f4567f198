"""`make screenshots` and the docs agree: every picture the README and docs/SCREENSHOTS.md show is one the script
makes, and every picture the script makes is shown; the README's recording is an animation of real frames."""
import re
from pathlib import Path

from tests.conftest import ROOT
from tuilink.scripts.screenshots import NAMES


def readme_pictures() -> list[str]:
    text = "".join((Path(ROOT) / page).read_text(encoding="utf-8") for page in ("README.md", "docs/SCREENSHOTS.md"))
    return re.findall(r"\((?:\.\./)?assets/screenshots/([a-z0-9_]+)\.svg\)", text)


def test_the_readme_shows_every_screenshot_once_and_each_one_exists():
    shown = readme_pictures()
    assert sorted(shown) == sorted(NAMES)
    assert len(shown) == len(set(shown))
    for name in shown:
        assert (Path(ROOT) / "assets" / "screenshots" / f"{name}.svg").is_file(), name


def test_no_stale_screenshot_files():
    files = {p.stem for p in (Path(ROOT) / "assets" / "screenshots").glob("*.svg")}
    assert files == set(NAMES)


async def test_a_screenshot_is_the_same_picture_every_time(tmp_path, monkeypatch):
    from tuilink.scripts import screenshots

    monkeypatch.setattr(screenshots, "OUT", tmp_path)
    first = (await screenshots.capture("result_on_success")).read_text()
    second = (await screenshots.capture("result_on_success")).read_text()
    assert first == second and "public-sandbox-" in first
    assert first == (Path(ROOT) / "assets" / "screenshots" / "result_on_success.svg").read_text()


def test_the_recording_plays_its_frames_in_turn():
    import xml.etree.ElementTree as ElementTree

    from tuilink.scripts.screenshots import animate

    frame = '<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><text>{}</text></svg>'
    svg = animate([(frame.format("one"), 1.0), (frame.format("two"), 3.0)])
    root = ElementTree.fromstring(svg)  # well-formed
    groups = [g for g in root if g.tag.endswith("g")]
    assert [g.get("class") for g in groups] == ["frame frame0", "frame frame1"]
    assert [g[0].text for g in groups] == ["one", "two"]
    assert "@keyframes frame1 { 0%, 25.000% { opacity: 0 } 25.000%, 100.000% { opacity: 1 }" in svg
    assert svg.count("animation: frame") == 2 and "4s step-end infinite" in svg


def test_the_readme_opens_with_the_recording():
    text = (Path(ROOT) / "README.md").read_text(encoding="utf-8")
    first_picture = re.search(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert first_picture is not None and first_picture.group(1) == "assets/screenshots/flow.svg"
    recording = (Path(ROOT) / "assets" / "screenshots" / "flow.svg").read_text(encoding="utf-8")
    assert recording.count('<g class="frame frame') >= 6 and "user_good" in recording
