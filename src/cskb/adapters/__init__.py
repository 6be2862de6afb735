"""Adapters: the only modules that talk to outside libraries and the file system (YAML, git, atomic files, the editor)."""
