"""The one kind of failure a build step reports: a plain-English message that says what to do.

Engine adapters catch BuildError and show its message (MkDocs as a PluginError, the CLI on stderr);
content mistakes are generator.content.errors.ContentErrors, reported with file, line and fix."""
from __future__ import annotations


class BuildError(Exception):
    """A build step could not finish; str(error) says why and what to do."""
