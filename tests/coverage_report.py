#!/usr/bin/env python3
"""Print gcov line and branch coverage of the HTTP parser and the JSON reader.

    coverage_report.py FILE.gcov.json.gz

The input is what `gcov --json-format --branch-probabilities` wrote for the
object that contains the boooply.h implementation. The two parts are named by
their functions, so the figures follow the code when lines move. For each
part the report gives lines executed and branches taken at least once, as
`gcov -b` counts them, then every line that never ran and every branch
never taken, with its function. It exits 1 when either part has less
than MIN_BRANCH_PERCENT of its branches taken.
"""

import gzip
import json
import sys

HTTP_PARSER = [
    "boooply__recv", "boooply__parse_size", "boooply__header_long", "boooply__content_length",
    "boooply__has_token", "boooply__days_from_civil", "boooply__http_date", "boooply__header",
    "boooply__status_line", "boooply__end_of_head", "boooply__head_line", "boooply__read_head",
    "boooply__bad_chunk", "boooply__decode", "boooply__finish", "boooply__body_piece", "boooply__read_all",
]

# The project's aim for each part; below it the report fails.
MIN_BRANCH_PERCENT = 95

JSON_READER = [
    "boooply__utf8_len", "boooply__skip_ws", "boooply__check_string", "boooply__check_number",
    "boooply__json_validate", "boooply__put_utf8", "boooply__hex4", "boooply__unescape",
    "boooply_json_parse", "boooply__tok", "boooply_json_type", "boooply__skip", "boooply_json_size",
    "boooply_json_iter", "boooply_json_next", "boooply__get_n", "boooply_json_get", "boooply_json_path",
    "boooply_json_get_string", "boooply__number_parts", "boooply__number_token",
    "boooply_json_get_int64", "boooply_json_get_int32", "boooply_json_get_double",
    "boooply_json_get_bool",
]


def report(name, functions, lines, known):
    missing = [f for f in functions if f not in known]
    chosen = [line for line in lines if line.get("function_name") in functions]
    executed = sum(1 for line in chosen if line["count"] > 0)
    branches = [(line, i, b) for line in chosen for i, b in enumerate(line["branches"])]
    taken = sum(1 for _, _, b in branches if b["count"] > 0)
    print(f"{name}: {len(functions) - len(missing)} functions")
    print(f"  lines executed:             {100.0 * executed / max(len(chosen), 1):6.2f}% of {len(chosen)}")
    print(f"  branches taken at least once: {100.0 * taken / max(len(branches), 1):6.2f}% of {len(branches)}")
    if missing:
        print(f"  not found in the object (renamed or removed?): {', '.join(missing)}")
    for line in chosen:
        if line["count"] == 0:
            print(f"  line {line['line_number']} never ran ({line['function_name']})")
    for line, i, b in branches:
        if b["count"] == 0 and line["count"] > 0:
            print(f"  line {line['line_number']} branch {i} never taken ({line['function_name']})")
    return executed, len(chosen), taken, len(branches)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with gzip.open(sys.argv[1], "rt") as f:
        data = json.load(f)
    header = [f for f in data["files"] if f["file"].endswith("boooply.h")]
    if not header:
        print("no coverage data for boooply.h in " + sys.argv[1], file=sys.stderr)
        return 1
    lines = header[0]["lines"]
    known = {f["name"] for f in header[0]["functions"]}
    status = 0
    for name, functions in (("HTTP parser", HTTP_PARSER), ("JSON reader", JSON_READER)):
        _, _, taken, branches = report(name, functions, lines, known)
        if 100.0 * taken / max(branches, 1) < MIN_BRANCH_PERCENT:
            print(f"{name}: branch coverage below the {MIN_BRANCH_PERCENT}% floor", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
