"""Make docs/web-*.png, the README's pictures of `objection serve`, from the real pages.

    python scripts/web_screenshots.py

Starts `objection serve` with a register of its own in a temporary folder, walks the member's
journey and an organisation's campaign in Debian's Chromium (Playwright, /usr/bin/chromium),
and saves what a person sees, so the pictures always show what the tool really does.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GROUNDS = (
    "Sono un'assistente sociale e nei miei post racconto, in forma anonima, casi seguiti dai "
    "servizi: un modello che li rielaborasse potrebbe renderli riconoscibili."
)


def fill_member(page: Page, email: str, date: str = "") -> None:
    page.locator("#f-person-name").fill("Maria Grazia Esposito")
    page.locator("#f-person-email").fill(email)
    page.locator("#f-person-postal-address").fill("Via dei Mille 7\n80121 Napoli NA\nItalia")
    page.locator("#f-person-country").select_option("IT")
    page.locator("#f-objection-grounds").fill(GROUNDS)
    page.locator("#f-signature-place").fill("Napoli")
    page.locator("#f-signature-date").fill(date)


def sheet(folder: Path) -> Path:
    path = folder / "personale.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Nome", "E-mail", "Indirizzo", "Paese", "Categorie", "Motivi", "Lingua"])
        for n, name in enumerate(["Anna Bianchi", "Luca Verdi", "Sara Neri"], 1):
            grounds = "Scrivo di lavoro sociale: i casi che racconto devono restare riservati."
            writer.writerow(
                [name, f"p{n}@example.org", f"Via Roma {n}\n00100 Roma", "IT", "all", grounds, "it"]
            )
        writer.writerow(
            [
                "Paolo Gialli",
                "paolo.example.org",
                "Via Po 3\n10100 Torino",
                "IT",
                "all",
                "Motivi.",
                "it",
            ]
        )
    return path


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(DOCS / f"web-{name}.png"))
    print(f"wrote docs/web-{name}.png")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "OBJECTION_REGISTER": str(work / "register.sqlite")}
        env.setdefault("PYTHONPATH", str(ROOT))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--no-browser",
                "--out",
                str(work / "out"),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            base = url.split("/?")[0]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                context = browser.new_context(
                    locale="it-IT", viewport={"width": 1280, "height": 860}
                )
                page = context.new_page()
                page.goto(url)
                page.goto(base + "/letter")
                fill_member(page, "maria.example.org", "2026-01-05")
                page.get_by_role("button", name="Vedi la lettera").click()
                shoot(page, "form")
                page.locator("#f-person-email").fill("mg.esposito@example.org")
                page.get_by_role("button", name="Vedi la lettera").click()
                page.frame_locator("#letter-preview").locator("body").wait_for()
                shoot(page, "preview")
                page.get_by_role("button", name="Crea il PDF").click()
                page.locator("#form-text").scroll_into_view_if_needed()
                shoot(page, "made")
                page.goto(base + "/language/en?back=/register")
                shoot(page, "register")
                page.goto(base + "/campaign")
                page.get_by_label("The staff sheet").set_input_files(str(sheet(work)))
                page.get_by_role("button", name="Check the sheet").click()
                shoot(page, "campaign-check")
                page.get_by_role("button", name="Run the batch").click()
                page.locator("#campaign-zip").wait_for(timeout=120_000)
                page.get_by_role("link", name="The campaign in figures").click()
                shoot(page, "campaign")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
