#!/usr/bin/env python3
"""Prints each failed test of a TRX file with the first lines of its message and stack trace.

scripts/test.sh calls it after the run so that the failures are the last thing a CI log shows."""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MESSAGE_LINES, STACK_LINES = 12, 8

root = ET.parse(sys.argv[1]).getroot()
for result in root.iter(NS + "UnitTestResult"):
    if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
        continue
    print(f"  FAILED {result.get('testName')} [{result.get('duration')}]")
    info = result.find(f"{NS}Output/{NS}ErrorInfo")
    if info is None:
        continue
    for tag, limit in (("Message", MESSAGE_LINES), ("StackTrace", STACK_LINES)):
        text = (info.findtext(NS + tag) or "").strip().splitlines()
        for line in text[:limit]:
            print(f"    {line}")
        if len(text) > limit:
            print(f"    ... ({len(text) - limit} more lines)")
