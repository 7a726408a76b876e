"""The web front in a real browser: Debian's Chromium driven by Playwright, against a real
``objection serve``; every page checked with axe-core (no serious or critical violation).

Playwright's own browser download is not used: ``/usr/bin/chromium`` (the ``chromium``
package, which scripts/test installs). Without it the tests are skipped, except in CI.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import pdf_text
from web_support import served, staff_sheet

CHROMIUM = "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(
            f"CI runs the browser tests: {CHROMIUM} is missing (apt-get install chromium)"
        )
    pytest.skip(
        f"the browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium; "
        "scripts/test installs it)",
        allow_module_level=True,
    )

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with served(tmp_path) as url:
        yield url


def accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert found == [], page.url


def test_an_italian_member_writes_previews_edits_and_downloads_her_letter(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    context = browser.new_context(locale="it-IT", accept_downloads=True)
    page = context.new_page()
    page.goto(server)
    accessible(page)
    page.get_by_role("link", name="Opponiti a LinkedIn").click()
    expect(page.locator("h1")).to_contain_text("LinkedIn")
    accessible(page)
    page.get_by_label("Il tuo nome e cognome").fill("Maria Grazia Esposito")
    page.locator("#f-person-email").fill("maria")
    page.locator("#f-person-postal-address").fill("Via dei Mille 7\n80121 Napoli NA")
    page.locator("#f-person-country").select_option("IT")
    page.locator("#f-objection-grounds").fill(
        "Sono un'assistente sociale: un modello addestrato sui miei post potrebbe rendere "
        "riconoscibili le persone di cui scrivo."
    )
    page.locator("#f-signature-place").fill("Napoli")
    page.get_by_role("button", name="Vedi la lettera").click()
    # The message is the command line's, tied to its field.
    error = page.locator("#f-person-email-error")
    expect(error).to_contain_text("Non è un indirizzo e-mail: scrivilo come nome@example.com")
    expect(page.locator("#f-person-email")).to_have_attribute(
        "aria-describedby", "f-person-email-error"
    )
    expect(page.locator("#error-summary")).to_be_focused()
    accessible(page)
    page.locator("#f-person-email").fill("mg.esposito@example.org")
    page.get_by_role("button", name="Vedi la lettera").click()
    frame = page.frame_locator("#letter-preview")
    expect(frame.locator("body")).to_contain_text("Spettabile")
    accessible(page)
    # Editing the grounds redraws the preview (the page's script), and the PDF says them.
    grounds = "Scrivo di tutela dei minori: il mio lavoro richiede riservatezza assoluta."
    page.locator("#f-objection-grounds").fill(grounds)
    expect(frame.locator("blockquote")).to_contain_text("tutela dei minori", timeout=15000)
    page.get_by_role("button", name="Crea il PDF").click()
    with page.expect_download() as caught:
        page.get_by_role("link", name="La lettera (PDF con tag)").click()
    pdf = tmp_path / "letter.pdf"
    caught.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "tutela dei minori" in text and "Spettabile" in text
    expect(page.locator("#form-text-count")).to_contain_text("caratteri")
    expect(page.locator("button.copy")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="Le tue lettere").first.click()
    expect(page.locator("table.overview")).to_contain_text("Maria Grazia Esposito")
    accessible(page)
    page.goto(server.split("/?")[0] + "/nothing-here")
    expect(page.locator(".sentence")).to_contain_text("Non c")
    accessible(page)
    context.close()


def test_an_organisation_checks_a_sheet_runs_the_batch_and_downloads_the_zip(
    browser: Browser, server: str, tmp_path: Path
) -> None:
    sheet = staff_sheet(tmp_path / "staff.csv")
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("link", name="Start a campaign").click()
    accessible(page)
    page.get_by_label("The staff sheet").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the sheet").click()
    report = page.locator("table.report")
    expect(report).to_contain_text("E-mail (person.email)")
    expect(report).to_contain_text("US is not covered")
    accessible(page)
    page.get_by_role("button", name="Run the batch").click()
    zip_link = page.locator("#campaign-zip")
    expect(zip_link).to_be_visible(timeout=120_000)  # the progress bar reloads the page at the end
    expect(page.locator("#progress-text")).to_contain_text("2 made")
    accessible(page)
    with page.expect_download() as caught:
        zip_link.click()
    names = zipfile.ZipFile(caught.value.path()).namelist()
    assert "manifest.csv" in names and sum(n.endswith(".pdf") for n in names) == 2
    page.get_by_role("link", name="The campaign in figures").click()
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#campaign-counts")).to_contain_text("Letters made")
    accessible(page)
    context.close()
