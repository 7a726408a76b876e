"""A pyHanko signer that keeps the parsed private key for the whole process.

OpenSSL 3 validates an RSA key each time it is loaded, which costs more than the signature
itself (shared/performance-notes.md). This module imports pyHanko; :mod:`generator.signature.sign`
imports it only when a letter is signed.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.sign.signers import SimpleSigner

#: pyHanko's digest names → cryptography's hashes (what letters are signed with).
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class CachedKeySigner(SimpleSigner):
    """SimpleSigner that keeps the parsed key instead of re-reading it per signature."""

    def __init__(self, *args: Any, pyca_key: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_class = _HASHES.get(digest_algorithm.lower())
        if hash_class is None:  # another digest: as pyHanko does it
            return bytes(super().sign_raw(data, digest_algorithm))
        hash_algo = hash_class()
        key = self._pyca_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return bytes(key.sign(data, PKCS1v15(), hash_algo))
        if mechanism == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return bytes(key.sign(data, ECDSA(hash_algo)))
        return bytes(super().sign_raw(data, digest_algorithm))  # other schemes: as usual
