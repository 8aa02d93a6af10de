from scripts.report import write_section


def test_each_script_rewrites_only_its_own_section(tmp_path):
    doc = tmp_path / "evaluation.md"
    write_section(doc, "a", "# A\none")
    write_section(doc, "b", "# B\ntwo")
    write_section(doc, "a", "# A\nthree")
    text = doc.read_text()
    assert "three" in text and "one" not in text and "two" in text
    assert text.index("# A") < text.index("# B")
