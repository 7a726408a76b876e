"""The web front on a warm server: the preview's redraw and the PDF, as the server times them.

    python bench/web_bench.py [-n 30]

Starts a real `objection serve` (with its renderer process), lets itself in with the printed
token, warms up with one preview and one PDF, then asks for n redraws of the preview (new
grounds each time, as the page's script asks for them) and n/3 PDFs. Prints the medians and the
90th percentiles of the server's own time (its Server-Timing header) and of the round trip.
The redraw's target is 150 ms on a warm server.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {
    "controller": "linkedin",
    "locale": "it",
    "person.name": "Maria Grazia Esposito",
    "person.email": "mg.esposito@example.org",
    "person.postal_address": "Via dei Mille 7\n80121 Napoli NA",
    "person.country": "IT",
    "person.member": "true",
    "objection.categories": "profile",
    "objection.all_ai_training": "true",
    "signature.place": "Napoli",
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def timed(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request
) -> tuple[float, float]:
    """(server ms, round trip ms) of one request."""
    start = time.perf_counter()
    try:
        response = opener.open(request, timeout=60)
    except urllib.error.HTTPError as redirect:  # a 303 after a PDF, not followed
        response = redirect
    response.read()
    total = (time.perf_counter() - start) * 1000
    if response.status not in (200, 303):
        raise SystemExit(f"{request.full_url}: {response.status}")
    server = float(re.search(r"dur=([\d.]+)", response.headers["Server-Timing"]).group(1))
    response.close()
    return server, total


def summary(name: str, times: list[tuple[float, float]]) -> None:
    server = sorted(t[0] for t in times)
    total = sorted(t[1] for t in times)
    p90 = max(0, round(len(times) * 0.9) - 1)
    print(
        f"{name}: server {statistics.median(server):.0f} ms median, {server[p90]:.0f} ms p90; "
        f"round trip {statistics.median(total):.0f} ms median ({len(times)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="redraws (PDFs: a third as many)")
    runs = parser.parse_args().n
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "OBJECTION_REGISTER": str(Path(folder) / "register.sqlite")}
        env.setdefault("PYTHONPATH", str(ROOT))
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--no-browser", "--out", folder],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            base = url.split("/?")[0]
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(jar), NoRedirect
            )
            timed(opener, urllib.request.Request(url))  # the token, then its cookie
            form = opener.open(base + "/letter").read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)

            def post(path: str, grounds: str, accept: str) -> urllib.request.Request:
                data = {**ANSWERS, "csrf_token": token, "objection.grounds": grounds}
                body = urllib.parse.urlencode(data).encode()
                return urllib.request.Request(base + path, data=body, headers={"Accept": accept})

            grounds = "Sono un'assistente sociale: scrivo di casi seguiti dai servizi. Prova {}."
            timed(opener, post("/letter/preview", grounds.format(0), "application/json"))
            timed(opener, post("/letter/make", grounds.format(0), "text/html"))
            redraws = [
                timed(opener, post("/letter/preview", grounds.format(n), "application/json"))
                for n in range(1, runs + 1)
            ]
            pdfs = [
                timed(opener, post("/letter/make", grounds.format(n), "text/html"))
                for n in range(1, max(3, runs // 3) + 1)
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)
    summary("preview redraw (HTML)", redraws)
    summary("letter made (tagged PDF, recorded, form text, next steps)", pdfs)


if __name__ == "__main__":
    main()
