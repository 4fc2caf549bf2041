"""Stubs generated from proto/src/main/proto/sparring/v1/*.proto by ../../generate.sh; do not edit."""
