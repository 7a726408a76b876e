"""An evidence pack checked (``objection verify`` on the file ``objection evidence`` made):
each attachment against the SHA-256 its manifest lists, and the signatures of the PDFs inside.

The manifest is an attachment of its own, :data:`MANIFEST` (JSON: the reference, when the pack
was made, and each file's name and SHA-256); the first page lists the same digests for a
reader. A pack made with the member's signer is signed itself (PAdES over the whole file):
the manifest and the attachments cannot then be replaced together without its signature
saying so. An unsigned pack does not prove that much: the signatures inside are what show who
wrote each letter.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

#: The manifest's name among the pack's attachments.
MANIFEST = "evidence.json"


@dataclass(frozen=True)
class FileCheck:
    """One file the manifest lists."""

    name: str
    #: "intact" (its SHA-256 is the listed one), "changed", or "missing".
    state: str
    #: The signatures of an embedded PDF (:class:`generator.signature.verify.Verification`);
    #: empty for a file that is no signed PDF.
    signatures: tuple[Any, ...] = ()

    @property
    def holds(self) -> bool:
        return self.state == "intact" and all(s.holds for s in self.signatures)


@dataclass(frozen=True)
class PackCheck:
    reference: str
    made: str
    files: tuple[FileCheck, ...]
    #: Files in the pack that its manifest does not list.
    unlisted: tuple[str, ...] = ()
    #: The pack's own signatures (:class:`generator.signature.verify.Verification`); empty:
    #: the pack is not signed.
    signatures: tuple[Any, ...] = ()

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def holds(self) -> bool:
        return (
            all(f.holds for f in self.files)
            and not self.unlisted
            and all(s.holds for s in self.signatures)
        )


def embedded_files(data: bytes) -> dict[str, bytes]:
    """A PDF's embedded files (its EmbeddedFiles name tree), by name."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    names = reader.root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names is not None else None
    found: dict[str, bytes] = {}
    todo = [tree] if tree is not None else []
    while todo:
        node = todo.pop().get_object()
        todo.extend(node.get("/Kids", []))
        pairs = list(node.get("/Names", []))
        for name, spec in zip(pairs[::2], pairs[1::2], strict=False):
            stream = spec.get_object()["/EF"]["/F"].get_object()
            found[str(name.get_object())] = stream.data
    return found


def verify_pack(data: bytes, trust_roots: list[Any] | None = None) -> PackCheck | None:
    """The check of an evidence pack — its own signature, each file against its listed
    SHA-256, the signatures inside — or None if ``data`` is not one (no manifest)."""
    try:
        files = embedded_files(data)
    except Exception:  # not a PDF pyHanko reads: verify_pdf says so
        return None
    if MANIFEST not in files:
        return None
    own = _signatures(data, trust_roots)
    try:
        manifest = json.loads(files.pop(MANIFEST))
        listed = [(str(f["name"]), str(f["sha256"])) for f in manifest["files"]]
    except (ValueError, KeyError, TypeError):
        return PackCheck("?", "?", (FileCheck(MANIFEST, "changed"),), signatures=own)
    checks = []
    for name, digest in listed:
        content = files.get(name)
        if content is None:
            checks.append(FileCheck(name, "missing"))
            continue
        state = "intact" if hashlib.sha256(content).hexdigest() == digest else "changed"
        signatures: tuple[Any, ...] = ()
        if content.lstrip()[:5] == b"%PDF-":
            signatures = _signatures(content, trust_roots)
        checks.append(FileCheck(name, state, signatures))
    unlisted = tuple(sorted(set(files) - {name for name, _ in listed}))
    return PackCheck(
        str(manifest.get("reference", "?")),
        str(manifest.get("made", "?")),
        tuple(checks),
        unlisted,
        own,
    )


def _signatures(data: bytes, trust_roots: list[Any] | None) -> tuple[Any, ...]:
    """The signatures of a PDF, each checked; none for an unsigned one."""
    from generator.signature.verify import NotSigned, verify_pdf

    try:
        return tuple(verify_pdf(data, trust_roots))
    except NotSigned:
        return ()
