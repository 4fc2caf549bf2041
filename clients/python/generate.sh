#!/bin/sh
# Regenerates the Python stubs in sparring/v1/ from the .proto files of the proto module, with
# Debian's protoc and gRPC plugin (apt-get install protobuf-compiler protobuf-compiler-grpc).
# The committed stubs were made by this script with libprotoc 3.21.12 and grpc_python_plugin
# 1.51.1 (Debian 12); tests/test_stubs.py checks that they are up to date.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
protos="$here/../../proto/src/main/proto"
out=${1:-$here}
protoc --proto_path="$protos" \
  --python_out="$out" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
  --grpc_python_out="$out" \
  "$protos/sparring/v1/environment.proto" "$protos/sparring/v1/echo.proto" \
  "$protos/sparring/v1/trajectory.proto" "$protos/sparring/v1/agent.proto" \
  "$protos/sparring/v1/observation.proto" "$protos/sparring/v1/experience.proto" \
  "$protos/sparring/v1/policy.proto"
