"""`make screenshots` and the README agree: every picture the README shows is one the script makes, and every
picture the script makes is shown."""
import re
from pathlib import Path

from tests.conftest import ROOT
from tuilink.scripts.screenshots import NAMES


def readme_pictures() -> list[str]:
    text = (Path(ROOT) / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\(assets/screenshots/([a-z0-9_]+)\.svg\)", text)


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
