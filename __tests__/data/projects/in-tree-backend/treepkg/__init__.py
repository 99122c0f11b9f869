"""tree-pkg."""
