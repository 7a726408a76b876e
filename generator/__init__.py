"""objection: GDPR Article 21 objection letters to LinkedIn's generative-AI training.

The library takes validated answers and returns letters as HTML, plain text or PDF bytes;
only :mod:`generator.cli` reads files, prompts, prints and sets exit codes.
"""

__version__ = "0.1.0"
