"""What signing adds to a letter: prints letters/s unsigned and signed, and the overhead.

    python bench/sign_bench.py [-n 40] [--key rsa|ec]

Makes a throw-away RSA-2048 (or EC P-256) certificate, renders the sample letter N times
unsigned and N times signed with the key loaded once (as `objection` does), and, for
comparison, signs N times the way pyHanko's documentation does it (key re-read per letter,
placeholder sized by a dry run). Shared machines drift by ±25% over seconds, so the variants
run in turn, round by round, and medians are compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from generator.answers.reading import sample_answers
from generator.documents.document import render_document
from generator.documents.letter import build_letter, render_html
from generator.pdf.engine import harfbuzz_subsetting, render_pdf
from generator.signature.sign import load_signer, sign_pdf
from generator.signature.verify import verify_pdf

PASSWORD = b"bench"


def make_p12(folder: Path, kind: str) -> Path:
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if kind == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path = folder / "bench.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"bench", key, cert, None, serialization.BestAvailableEncryption(PASSWORD)
        )
    )
    return path


def alternating(n: int, **fns) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Median seconds of each function, run in turn n times (drift hits them alike)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(n):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def show(label: str, seconds: float) -> None:
    print(f"  {label:<48} {seconds * 1000:7.1f} ms  {1 / seconds:6.2f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=40)
    parser.add_argument("--key", choices=["rsa", "ec"], default="rsa")
    args = parser.parse_args()
    answers = sample_answers("en")
    with tempfile.TemporaryDirectory() as tmp:
        p12 = make_p12(Path(tmp), args.key)
        signer = load_signer(p12, PASSWORD)

        def letter_pdf(answers: Any, locale: str, signer: Any = None) -> bytes:
            return render_document(answers, "pdf", locale=locale, signer=signer).data

        letter_pdf(answers, "en", signer=signer)  # warm-up: imports, fonts, CSS, templates
        pdf = letter_pdf(answers, "en")
        signed_pdf = letter_pdf(answers, "en", signer=signer)
        letter = build_letter(answers, "en", signed_by=signer.name, signed_when="now")
        rendered = render_pdf(render_html(letter), title="bench", locate_signature=True)
        page, box = rendered.signature_box or (0, (0, 0, 10, 10))

        def documented() -> None:
            from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
            from pyhanko.sign import fields, signers

            naive = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSWORD)
            meta = signers.PdfSignatureMetadata(
                field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES
            )
            signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=naive)

        print(
            f"letters: {args.n} each, alternating; key: {args.key}; "
            f"HarfBuzz subsetting: {'yes' if harfbuzz_subsetting() else 'NO (fontTools)'}"
        )
        medians = alternating(
            args.n,
            unsigned=lambda: letter_pdf(answers, "en"),
            signed=lambda: letter_pdf(answers, "en", signer=signer),
            sign_step=lambda: sign_pdf(
                rendered.data, signer, page=page, box=box, reason="r", location="l"
            ),
        )
        unsigned, signed, step = medians["unsigned"], medians["signed"], medians["sign_step"]
        show("unsigned letter (PDF/A-3b)", unsigned)
        show("signed letter, key loaded once (objection)", signed)
        show("  of which the signature itself", step)
        others = alternating(
            max(5, args.n // 4), documented=documented, verify=lambda: verify_pdf(signed_pdf)
        )
        show("signature as pyHanko documents it (per letter)", others["documented"])
        show("objection verify", others["verify"])
        print(
            f"signing adds {100 * (signed - unsigned) / unsigned:.1f}% to a letter "
            f"(median {(signed - unsigned) * 1000:.1f} ms; the signature step alone "
            f"{100 * step / unsigned:.1f}%; the documented way "
            f"{others['documented'] * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
