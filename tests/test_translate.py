"""Translation workflow: translation files, stale paragraphs, side-by-side page, XLIFF 2.0 round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from compendium.cli import main
from compendium.load import load_corpus, load_document
from compendium.problems import CompendiumError
from compendium.translate import (
    fingerprint,
    format_translation,
    new_translation,
    read_translation,
    status,
    status_of_expression,
    translation_html,
    translation_pages,
    translation_url,
)
from compendium.xliff import MDA_NS, XLIFF_NS, export_xliff, import_xliff

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "versions"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ADOPTED = "E-RES-2004-28.adopted.en"
NS = {"x": XLIFF_NS, "m": MDA_NS}


@pytest.fixture
def site(tmp_path):
    """A corpus folder with the two 2004/28 versions and an empty translations folder beside it."""
    corpus = tmp_path / "resolutions"
    corpus.mkdir()
    for name in ("E-RES-2004-28.draft.en.md", "E-RES-2004-28.adopted.en.md"):
        shutil.copy(FIXTURES / name, corpus / name)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def corpus_of(site: Path):
    corpus, problems = load_corpus(site / "resolutions")
    assert not [p for p in problems if p.is_error]
    return corpus


def init_and_translate_all(site: Path) -> Path:
    code, out = run("translate", "init", "de", "E/RES/2004/28@adopted", "--corpus", str(site / "resolutions"))
    assert code == 0, out
    path = site / "translations" / "de" / f"{ADOPTED}.yaml"
    assert out == f"wrote {path.as_posix()} (38 paragraphs to translate)\n"
    tf, problems = read_translation(path)
    assert problems == []
    for unit in tf.units:  # stand-in German: the test is about bookkeeping, not wording
        unit.translation = "[de] " + unit.source
    path.write_text(format_translation(tf), encoding="utf-8")
    return path


def change_source(site: Path, old: str, new: str) -> None:
    path = site / "resolutions" / "E-RES-2004-28.adopted.en.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_init_lists_every_paragraph_with_its_fingerprint(site):
    code, out = run("translate", "init", "de", f"{ADOPTED}", "--corpus", str(site / "resolutions"))
    assert code == 0, out
    tf, problems = read_translation(site / "translations" / "de" / f"{ADOPTED}.yaml")
    assert problems == []
    adopted = corpus_of(site).by_id()[ADOPTED]
    anchors = [p.anchor for p in adopted.paragraphs] + ["fn-1", "fn-2", "fn-3"]
    assert [u.anchor for u in tf.units] == anchors
    three = tf.unit("op-3")
    assert three.source == adopted.paragraph("op-3").markdown and three.translation == ""
    assert three.fingerprint == fingerprint(adopted.paragraph("op-3").markdown)
    assert three.fingerprint.startswith("sha256:") and len(three.fingerprint) == 71
    # the fingerprint is of the text, not of its markup
    assert fingerprint("*Notes*  the work") == fingerprint("Notes the work")
    code, out = run("translate", "init", "de", f"{ADOPTED}", "--corpus", str(site / "resolutions"))
    assert code != 0 and "exists; use --force to overwrite it" in out
    code, out = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert code == 0 and f"de  {ADOPTED}" in out and "0 translated, 38 missing, 0 stale" in out


def test_changing_one_source_paragraph_makes_exactly_it_stale(site):
    init_and_translate_all(site)
    code, out = run("translate", "status", "--corpus", str(site / "resolutions"))
    assert code == 0 and "38 translated, 0 missing, 0 stale" in out
    change_source(site, "3. *Notes* the work undertaken", "3. *Welcomes* the work undertaken")
    code, out = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert code == 0, out
    assert "37 translated, 0 missing, 1 stale" in out
    assert "  stale op-3 (3): source changed since translated:" in out
    assert "    [-Notes-]{+Welcomes+} the work undertaken by the Intergovernmental" in out
    assert out.count("stale ") == 1

    corpus = corpus_of(site)
    statuses, problems = status(corpus, site / "translations", "de")
    assert problems == [] and [u.anchor for u in statuses[0].of("stale")] == ["op-3"]
    tf, _ = read_translation(site / "translations" / "de" / f"{ADOPTED}.yaml")
    page = translation_html(corpus.by_id()[ADOPTED], tf, page_url=translation_url(corpus.by_id()[ADOPTED], "de"))
    tree = lxml.html.fromstring(page)
    stale_rows = tree.xpath("//tr[@class='tr-stale']")
    assert [r.get("id") for r in stale_rows] == ["tr-op-3"]
    mark = stale_rows[0].xpath(".//p[@class='tr-stale-mark']")[0].text_content()
    assert mark.startswith("⚠ Out of date:") and "deleted: Notes" in mark and "inserted: Welcomes" in mark
    assert len(tree.xpath("//tr[@class='tr-translated']")) == 37
    assert stale_rows[0].xpath("th/a")[0].get("href") == "../../#op-3"
    assert "Out of date" not in "".join(r.text_content() for r in tree.xpath("//tr[@class='tr-translated']"))


def test_new_source_paragraph_is_missing_and_removed_one_orphan(site):
    path = init_and_translate_all(site)
    change_source(site, "\n17. Further requests", "\n18. Further requests")  # numbering gap is the loader's business
    code, out = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert "missing: op-18" in out and "orphan (no longer in the source): op-17" in out
    assert path.exists()


def round_trip(tf, source) -> str:
    data = export_xliff(tf, source)
    back = import_xliff(data, source, read_translation(tf.path)[0] if tf.path else None)
    return format_translation(back)


def test_xliff_round_trip_is_lossless_with_translated_missing_and_stale_units(site):
    path = init_and_translate_all(site)
    tf, _ = read_translation(path)
    tf.unit("op-4").translation = ""  # one missing
    tf.unit("pp-2").translation = "*Eingedenk* des Berichts[^1] des Panels"  # inline codes
    path.write_text(format_translation(tf), encoding="utf-8")
    change_source(site, "3. *Notes* the work undertaken", "3. *Welcomes* the work undertaken")  # one stale
    before = path.read_bytes()
    out = site / "de.xlf"
    code, output = run("translate", "export-xliff", "de", ADOPTED, "--out", str(out), "--corpus", str(site / "resolutions"))
    assert code == 0, output
    root = etree.fromstring(out.read_bytes())
    assert root.tag == f"{{{XLIFF_NS}}}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "de")
    units = root.findall(".//x:unit", NS)
    assert len(units) == 38
    pp2 = root.find(".//x:unit[@id='pp-2']", NS)
    assert [d.text for d in pp2.findall("x:originalData/x:data", NS)] == ["*", "[^1]"]
    assert pp2.find("x:segment/x:source/x:ph", NS).get("dataRef") == "d2"
    assert pp2.find("x:segment/x:target/x:pc", NS).get("id") == pp2.find("x:segment/x:source/x:pc", NS).get("id")
    seg3 = root.find(".//x:unit[@id='op-3']/x:segment", NS)
    assert (seg3.get("state"), seg3.get("subState")) == ("initial", "compendium:stale")
    assert root.find(".//x:unit[@id='op-4']/x:segment/x:target", NS) is None
    code, output = run("translate", "export-xliff", "de", ADOPTED, "--out", str(out), "--corpus", str(site / "resolutions"))
    assert code != 0 and "exists; use --force" in output

    code, output = run("translate", "import-xliff", str(out), "--corpus", str(site / "resolutions"))
    assert code == 0, output
    assert path.read_bytes() == before  # lossless: same file, op-3 still stale, op-4 still missing
    code, output = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert "36 translated, 1 missing, 1 stale" in output

    # the translator updates the stale unit and confirms it: it is no longer stale
    seg3.find("x:target", NS).find("x:pc", NS).text = "Begrüßt"
    seg3.set("state", "translated")
    del seg3.attrib["subState"]
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    code, output = run("translate", "import-xliff", str(out), "--corpus", str(site / "resolutions"))
    assert code == 0, output
    tf, _ = read_translation(path)
    assert tf.unit("op-3").translation.startswith("[de] *Begrüßt* the work")
    assert tf.unit("op-3").source.startswith("*Welcomes* the work")
    code, output = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert "37 translated, 1 missing, 0 stale" in output


def test_tampered_xliff_is_refused_naming_the_unit(site):
    path = init_and_translate_all(site)
    before = path.read_bytes()
    out = site / "de.xlf"
    assert run("translate", "export-xliff", "de", ADOPTED, "--out", str(out), "--corpus", str(site / "resolutions"))[0] == 0
    root = etree.fromstring(out.read_bytes())
    source5 = root.find(".//x:unit[@id='op-5']/x:segment/x:source", NS)
    source5.text = source5.text.replace("Takes note of", "Approves")
    root.find(".//x:unit[@id='op-9-b']", NS).set("id", "op-9-z")
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    code, output = run("translate", "import-xliff", str(out), "--corpus", str(site / "resolutions"))
    assert code == 1
    assert "unit op-5: the source text does not match the source it was made from" in output
    assert "unit op-9-z: E-RES-2004-28.adopted.en has no paragraph with this id" in output
    assert "refused; nothing was imported" in output
    assert path.read_bytes() == before

    corpus = corpus_of(site)
    with pytest.raises(CompendiumError) as exc:
        import_xliff(out.read_bytes(), corpus.by_id()[ADOPTED], None, "de.xlf")
    assert [p.code for p in exc.value.problems] == ["xliff-source-changed", "xliff-unit"]
    assert "unit op-5" in str(exc.value) and "unit op-9-z" in str(exc.value)


def test_xliff_for_another_document_is_refused(site):
    corpus = corpus_of(site)
    draft, adopted = corpus.by_id()["E-RES-2004-28.draft.en"], corpus.by_id()[ADOPTED]
    data = export_xliff(new_translation(draft, "de"), draft)
    with pytest.raises(CompendiumError) as exc:
        import_xliff(data, adopted, None, "de.xlf")
    assert "made from E-RES-2004-28.draft.en, not E-RES-2004-28.adopted.en" in str(exc.value)


def test_translation_pages_for_files(site):
    init_and_translate_all(site)
    corpus = corpus_of(site)
    problems: list = []
    pages = dict(translation_pages(corpus, problems=problems))
    assert problems == []
    page = pages["resolutions/E-RES-2004-28/side-by-side/de/index.md"]
    assert 'id="tr-op-17"' in page and '<td lang="en">' in page and "\n\n<div" in page


def _akn(lang: str, folder: str, name: str, tmp: Path):
    import_akn = pytest.importorskip("compendium.import_akn")
    xml = SHARED / "unxml" / "ecosoc" / "2024" / folder / name
    if not xml.exists():
        pytest.skip("needs ../shared/unxml (the AKN4UN files)")
    path = tmp / f"E-RES-2024-12.adopted.{lang}.md"
    path.write_text(import_akn.convert(xml).text, encoding="utf-8")
    doc, problems = load_document(path)
    assert doc is not None, problems
    return doc


def test_official_language_version_counts_as_translation(tmp_path):
    en = _akn("en", "English", "E_RES_2024_12-2414120E.xml", tmp_path)
    fr = _akn("fr", "French", "E_RES_2024_12-2414120F.xml", tmp_path)
    st = status_of_expression(fr, en)
    assert st.of("missing") == [] and st.of("stale") == [] and len(st.of("translated")) == len(st.units)
    fr.paragraphs = [p for p in fr.paragraphs if p.anchor != "op-1"]
    st = status_of_expression(fr, en)
    assert [u.anchor for u in st.of("missing")] == ["op-1"]
    page = translation_html(en, fr)
    tree = lxml.html.fromstring(page)
    formula = tree.get_element_by_id("tr-formula")
    assert "The Economic and Social Council," in formula.text_content()
    assert "Le Conseil économique et social," in formula.xpath(".//span[@lang='fr']")[0].text_content()
    assert tree.get_element_by_id("tr-op-1").get("class") == "tr-missing"


def test_update_adds_new_paragraphs_and_confirms_revised_ones(site):
    path = init_and_translate_all(site)
    change_source(site, "3. *Notes* the work undertaken", "3. *Welcomes* the work undertaken")
    change_source(site, "\n17. Further requests", "\n18. Further requests")
    code, out = run("translate", "update", "de", ADOPTED, "op-3", "--corpus", str(site / "resolutions"))
    assert code == 0, out
    assert out.endswith("1 paragraphs added (op-18), 1 marked revised\n")
    code, out = run("translate", "status", "de", "--corpus", str(site / "resolutions"))
    assert "37 translated, 1 missing, 0 stale, 1 orphan" in out and "missing: op-18" in out
    tf, _ = read_translation(path)
    assert tf.unit("op-3").source.startswith("*Welcomes*") and tf.units[-1].anchor == "op-17"
    code, out = run("translate", "update", "de", ADOPTED, "op-99", "--corpus", str(site / "resolutions"))
    assert code != 0 and "has no paragraph op-99" in out


_PIECE = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), max_size=8),
    st.sampled_from(["*", "**", "[^1]", "[^2]", "\\*", "\\", " ", "\n", "\t", "<", "&", "]]>"]),
)
_TEXT = st.lists(_PIECE, max_size=10).map("".join)


@pytest.fixture(scope="module")
def adopted_source():
    source, _ = load_document(FIXTURES / "E-RES-2004-28.adopted.en.md")
    return source


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, min_size=3, max_size=3))
def test_xliff_round_trip_is_lossless_for_any_text(texts, tmp_path_factory, adopted_source):
    source = adopted_source
    tf = new_translation(source, "de")
    for unit, text in zip(tf.units[1:4], texts):
        unit.translation = text
    path = tmp_path_factory.mktemp("rt") / "de.yaml"
    path.write_text(format_translation(tf), encoding="utf-8")
    read, problems = read_translation(path)
    assert problems == [] and [u.translation for u in read.units[1:4]] == texts
    back = import_xliff(export_xliff(read, source), source, read_translation(path)[0])
    assert format_translation(back) == format_translation(tf)


@pytest.mark.browser
def test_published_side_by_side_page_marks_exactly_the_stale_paragraph(site, build_site, served_site, browser_page):
    init_and_translate_all(site)
    change_source(site, "3. *Notes* the work undertaken", "3. *Welcomes* the work undertaken")
    base = served_site(build_site(site / "resolutions"))
    page = browser_page
    page.goto(base + "resolutions/E-RES-2004-28/side-by-side/de/")
    stale = page.locator("tr.tr-stale")
    assert stale.count() == 1 and stale.get_attribute("id") == "tr-op-3"
    mark = page.locator("#tr-op-3 .tr-stale-mark")
    assert mark.is_visible() and mark.inner_text().startswith("⚠ Out of date:")
    assert page.locator("tr.tr-translated").count() == 37
    assert page.locator("#tr-op-3 del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    # the comparison page of the same build: struck-through deletions, underlined insertions
    page.goto(base + "resolutions/E-RES-2004-28/compare/draft-adopted/")
    row = page.locator("#cmp-op-3")
    assert row.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert row.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert row.locator("ins").first.inner_text().endswith("Welcomes")
    assert page.locator(".compare-summary").inner_text().startswith("14 unchanged")
