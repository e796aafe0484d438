"""The two sides of `journeymap diff`, the maps that changed between them, and each map checked on its side.

    with sides(["main"], Path.cwd()) as compared:        # RevisionError: a usage error in one line
        for pair in changed_maps(compared):               # MapPair(base, head, status), by path
            before = checked(compared.base, pair.base)    # a workspace.Checked; problems name 'main:maps/a.journey.yaml'
            after = checked(compared.head, pair.head)     # the working tree: named as lint names it
            journey(compared.head, after)                 # the model, or None when the map is invalid

The arguments are those of `journeymap diff [BASE [HEAD]] [PATHS...]`:
- none: the working tree against HEAD; BASE alone: the working tree against that revision (`main`,
  `origin/main`, a commit id, `HEAD~2`); BASE HEAD, or `BASE..HEAD` in one argument: two revisions;
  `BASE...HEAD`: HEAD against the commit where it left BASE (their merge base), as a pull request shows it;
- two files, or two folders, and nothing else: those two compared, with no git needed (to restrict the
  working tree's comparison to two folders instead, name the revision first: `HEAD maps/ more/`);
- every other argument is a PATH: only the maps below it are compared.
An argument that exists on disk is a path, one that git resolves to a commit is a revision; one that is
both is refused as ambiguous ('./main' names the folder, 'heads/main' the branch).

A revision's files are read from git's objects, never checked out, and its includes resolve in the same
revision, by today's rules; between two revisions only the maps that changed are read, and the unchanged
maps that include a changed library. The modules: sides.py (the arguments, the sides, a revision's
workspace), changes.py (what changed), git.py (git's commands and objects).
"""

from journeymap.revisions.changes import ADDED, LIBRARY_CHANGED, MODIFIED, REMOVED, RENAMED, MapPair, changed_maps
from journeymap.revisions.git import RevisionError
from journeymap.revisions.sides import Side, Sides, checked, journey, sides

__all__ = [
    "ADDED", "LIBRARY_CHANGED", "MODIFIED", "REMOVED", "RENAMED", "MapPair", "RevisionError", "Side", "Sides",
    "changed_maps", "checked", "journey", "sides",
]  # fmt: skip
