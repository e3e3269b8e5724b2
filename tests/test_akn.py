"""AKN4UN import and export on small real UNxml files (tests/fixtures/akn), and on all of ../shared/unxml when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from compendium.cli import main
from compendium.export_akn import to_xml, validate
from compendium.import_akn import SkipFile, convert, import_batch, import_file, nothing_lost
from compendium.load import load_document
from compendium.model import Kind

FIXTURES = Path(__file__).parent / "fixtures" / "akn"
GOLDEN = FIXTURES / "golden"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOOD = sorted(p for p in FIXTURES.glob("*.xml") if not p.name.startswith("broken"))


def load(imported):
    doc, problems = load_document(Path(imported.relpath), imported.text)
    assert doc is not None, [p.format() for p in problems]
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    return doc


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_golden(path: Path) -> None:
    imported = import_file(path, path.name)
    golden = GOLDEN / f"{path.stem}.md"
    if os.environ.get("COMPENDIUM_UPDATE_GOLDEN"):
        golden.write_text(imported.text, encoding="utf-8")
    assert imported.text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_nothing_lost_and_detects_loss(path: Path) -> None:
    imported = convert(path, path.name)
    assert nothing_lost(path, imported.text) == []
    # dropping a few letters in the middle of the third block of the body must be caught
    body_start = imported.text.index("\n---\n") + 5
    blocks = [i for i in range(body_start, len(imported.text) - 1) if imported.text[i : i + 2] == "\n\n"]
    cut = (blocks[2] + blocks[3]) // 2
    damaged = imported.text[:cut] + imported.text[cut + 3 :]
    assert nothing_lost(path, damaged) != []


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_round_trip_and_schema(path: Path) -> None:
    imported = import_file(path, path.name)
    xml = to_xml(load(imported))
    assert validate(xml) == []
    again = FIXTURES.parent.parent / ".pytest-akn-roundtrip.xml"
    try:
        again.write_bytes(xml)
        assert import_file(again, path.name).text == imported.text
    finally:
        again.unlink(missing_ok=True)


def test_ecosoc_metadata_footnotes_links_and_embedded_draft() -> None:
    imported = import_file(FIXTURES / "ecosoc_E_RES_2023_23_en.xml")
    meta = imported.meta
    assert (meta["symbol"], meta["body"], meta["number"], meta["date"], meta["language"]) == (
        "E/RES/2023/23", "ECOSOC", "2023/23", "2023-07-25", "en")
    assert meta["source"]["kind"] == "akn" and meta["acknowledgement"] == "un"
    assert meta["akn"]["frbr"]["work"].startswith("/akn/un/statement/deliberation/unecosoc/2023-07-25/2023-23/")
    assert any(s.get("as") == "E/CN.15/2023/L.4/Rev.1" for s in meta["akn"]["workflow"])
    assert {"dictionary": "SDGO", "value": "16", "showAs": "sdg_16"} in meta["akn"]["keywords"]
    doc = load(imported)
    assert doc.paragraphs[0].kind == Kind.FORMULA
    assert meta["akn"]["embedded"]["host"] == "text-1"
    links = meta["akn"]["links"]
    assert {"text": "415 (V)", "href": "https://undocs.org/en/A/RES/415(V)"} in links["pp-1"]
    assert doc.paragraphs[-1].kind == Kind.CLOSING
    assert set(doc.footnotes) == {fn for p in doc.paragraphs for fn in p.footnotes}


def test_annex_is_a_part_with_its_own_numbering() -> None:
    doc = load(import_file(FIXTURES / "ga_A_RES_75_129_annex_en.xml"))
    anchors = [p.anchor for p in doc.paragraphs]
    annex = anchors.index("annex")
    assert "annex-sec-i-op-1" in anchors[annex:]
    assert "op-1" in anchors[:annex]
    assert doc.paragraphs[annex].markdown == "Annex"


def test_languages_share_anchors_and_keep_printed_numbers() -> None:
    docs = {lang: load(import_file(FIXTURES / f"ga_A_RES_77_231_{lang}.xml")) for lang in ("en", "ar", "zh")}
    anchors = {lang: [p.anchor for p in d.paragraphs] for lang, d in docs.items()}
    assert anchors["ar"] == anchors["en"] == anchors["zh"]
    assert {d.work for d in docs.values()} == {"A/RES/77/231"}
    assert docs["ar"].meta["akn"]["numbers"]["op-1"] == "1 -"
    assert docs["ar"].language == "ar" and docs["zh"].language == "zh"


def test_broken_file_is_reported_and_batch_goes_on(tmp_path: Path) -> None:
    broken = FIXTURES / "broken_E_RES_2023_23_ar.xml"
    with pytest.raises(SkipFile, match="not well-formed"):
        import_file(broken)
    result = import_batch([broken, FIXTURES / "ga_A_RES_78_224_en.xml"], tmp_path)
    assert len(result.written) == 1 and not result.ok
    assert "not well-formed" in result.skipped[0][1]


def test_cli_import_refuses_overwrite_and_exports(tmp_path: Path) -> None:
    runner = CliRunner()
    src = str(FIXTURES / "ga_A_RES_78_224_en.xml")
    out = tmp_path / "corpus"
    first = runner.invoke(main, ["import-akn", src, "--out", str(out)])
    assert first.exit_code == 0, first.output
    written = out / "ga" / "2023" / "A-RES-78-224.adopted.en.md"
    written.write_text(written.read_text(encoding="utf-8").replace("Resolution", "Resolutions", 1), encoding="utf-8")
    again = runner.invoke(main, ["import-akn", src, "--out", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(main, ["import-akn", src, "--out", str(out), "--force"])
    assert forced.exit_code == 0
    broken = runner.invoke(main, ["import-akn", str(FIXTURES / "broken_E_RES_2023_23_ar.xml"), src, "--out", str(out)])
    assert broken.exit_code == 1 and "not well-formed" in broken.output
    target = tmp_path / "x.xml"
    exported = runner.invoke(main, ["export", "akn", "A-RES-78-224.adopted.en", "--corpus", str(out), "--out", str(target)])
    assert exported.exit_code == 0, exported.output
    assert validate(target.read_bytes()) == []


def test_every_shared_file() -> None:
    """Every UNxml file imports without loss or is skipped with a reason; the known defects stay few."""
    unxml = SHARED / "unxml"
    if not unxml.is_dir():
        pytest.skip("../shared/unxml is absent")
    files = sorted(unxml.rglob("*.xml"))
    result = import_batch(files, None, root=unxml)
    assert len(result.imported) + len(result.skipped) == len(files)
    assert all(reason for _, reason in result.skipped)
    assert any("not well-formed" in reason for _, reason in result.skipped)
    assert not result.ok  # the batch reports failure when anything was skipped
    assert len(result.imported) >= 0.95 * len(files)


def test_every_corpus_document_exports_valid_akn() -> None:
    """Seed texts, drafts, reports and imported resolutions alike export as valid Akoma Ntoso 3.0."""
    from compendium.load import load_corpus

    corpus, _ = load_corpus(Path(__file__).resolve().parents[1] / "resolutions")
    assert corpus.documents
    invalid = {d.id: validate(to_xml(d))[:1] for d in corpus.documents}
    assert {k: v for k, v in invalid.items() if v} == {}
