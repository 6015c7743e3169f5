"""Exchange with translators' tools: gettext PO (po.py) and TMX 1.4b (tmx.py)."""
