#!/bin/bash -eu
# SPDX-License-Identifier: MIT
# ClusterFuzzLite: the same build as OSS-Fuzz's (oss-fuzz/build.sh).
exec bash "$SRC/hatrace/oss-fuzz/build.sh"
