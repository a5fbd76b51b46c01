"""Prints, as JSON, the evmhook services of a docker-compose file: {name: {"command": [...], "environment": {...}}}.

Used by ComposeFileTests to run every service's command with its environment against the built binary (there is no
Docker engine on the test machines). Anchors and merge keys are resolved by PyYAML, as Compose resolves them.
"""
import json
import sys

import yaml

with open(sys.argv[1]) as f:
    compose = yaml.safe_load(f)

services = {}
for name, service in compose["services"].items():
    if not str(service.get("image", "")).startswith("evmhook"):
        continue
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    services[name] = {
        "command": service.get("command", []),
        "environment": {key: str(value) for key, value in environment.items()},
        "replicas": service.get("deploy", {}).get("replicas", 1),
    }
json.dump(services, sys.stdout)
