"""Documentation that is made from the code stays in step with it."""

from scripts.settings_doc import PAGE, settings_page


def test_the_settings_page_lists_every_setting_as_the_code_has_it() -> None:
    assert PAGE.read_text() == settings_page(), "run: python scripts/settings_doc.py"
