"""The job sprintlift does, done the way maintainers script it today.

Counts the PRs opened, merged and closed without merging in the python org
during PyCon US 2025's sprint days (19-22 May 2025, America/New_York) and
in the same weekdays of the four weeks before and after, with PyGithub
against a GitHub API at --api. Prints one JSON object: the counts per
window, keyed by the window's first day.

Two ways, as people write them:
  --method count  one search per figure and window, reading `totalCount`;
  --method list   walk each search's results (to see who opened them: the
                  authors and newcomers people then go on to tally).

`cargo xtask bench` runs it against the stand-in and prints its requests
and wall time beside sprintlift's.
"""

import argparse
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

from github import Auth, Github

ORG = "python"
FIRST_DAY = dt.date(2025, 5, 19)
LAST_DAY = dt.date(2025, 5, 22)
ZONE = ZoneInfo("America/New_York")
WEEKS = [0, -4, -3, -2, -1, 1, 2, 3, 4]
# The same people-only filters sprintlift applies by default.
FILTERS = (
    "-author:app/dependabot -author:app/pre-commit-ci -author:app/renovate "
    "-author:app/github-actions -author:app/miss-islington-app"
)


def github_range(first: dt.date, last: dt.date) -> str:
    """The event-local days as a search range with the zone's offsets."""
    start = dt.datetime.combine(first, dt.time.min, ZONE)
    end = dt.datetime.combine(last, dt.time(23, 59, 59), ZONE)
    return f"{start.isoformat()}..{end.isoformat()}"


def queries(weeks: int) -> dict:
    shift = dt.timedelta(weeks=weeks)
    span = github_range(FIRST_DAY + shift, LAST_DAY + shift)
    return {
        "opened": f"org:{ORG} is:pr created:{span} {FILTERS}",
        "merged": f"org:{ORG} is:pr is:merged merged:{span} {FILTERS}",
        "closed_unmerged": f"org:{ORG} is:pr is:unmerged closed:{span} {FILTERS}",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--token")
    parser.add_argument("--method", choices=["count", "list"], default="count")
    args = parser.parse_args()
    auth = Auth.Token(args.token) if args.token else None
    gh = Github(base_url=args.api, auth=auth, per_page=100)

    result = {}
    for weeks in WEEKS:
        counts = {}
        for figure, query in queries(weeks).items():
            found = gh.search_issues(query)
            if args.method == "count":
                counts[figure] = found.totalCount
            else:
                authors = set()
                n = 0
                for issue in found:
                    n += 1
                    authors.add(issue.user.login if issue.user else "ghost")
                counts[figure] = n
                counts[f"{figure}_authors"] = len(authors)
        result[str(FIRST_DAY + dt.timedelta(weeks=weeks))] = counts
    json.dump(result, sys.stdout, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
