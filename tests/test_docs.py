"""Documentation that is made from the code stays in step with it."""

from scripts.settings_doc import PAGE, settings_page


def test_the_settings_page_lists_every_setting_as_the_code_has_it() -> None:
    assert PAGE.read_text() == settings_page(), "run: python scripts/settings_doc.py"


def test_every_boucle_variable_the_code_reads_is_known() -> None:
    """A variable read outside the settings (BOUCLE_API_KEY of `import --url`) must be known to
    the start-up check, or it is reported as a typo and `serve` refuses to start."""
    import re
    from pathlib import Path

    from api.env_names import known_names

    root = Path(__file__).resolve().parents[1]
    read = re.compile(r"""(?:environ\.get|getenv|environ\[)\(?\s*["'](BOUCLE_\w+)["']""")
    names = {name for folder in ("analyzer", "models", "api", "scripts", "tests")
             for path in (root / folder).rglob("*.py") for name in read.findall(path.read_text())}  # fmt: skip
    assert names >= {"BOUCLE_API_KEY", "BOUCLE_TEST_POSTGRES"}  # the pattern finds them
    assert names <= set(known_names())
