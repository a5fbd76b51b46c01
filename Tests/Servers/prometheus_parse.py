#!/usr/bin/env python3
"""Parses Prometheus text exposition (standard input) with PyPI `prometheus-client`'s own parser, an independent
check of what `/metrics` serves, and prints every sample as JSON: {"name": [{"labels": {...}, "value": v}, ...]}.
Exits non-zero when the text does not parse."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        value = sample.value
        samples.setdefault(sample.name, []).append({
            "labels": sample.labels,
            # JSON has no infinity; the +Inf bucket's bound is a label, values are finite.
            "value": None if math.isnan(value) or math.isinf(value) else value,
            "type": family.type,
        })
print(json.dumps(samples))
