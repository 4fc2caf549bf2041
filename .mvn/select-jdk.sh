# Sourced (POSIX sh) by ./mvnw, ./sparring and .ci/run: points JAVA_HOME at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, else the newest JDK >= 21 found among the installed JVMs,
# else a clear error. The machine's default java may be older (17), which cannot build --release 21.

sparring_min_java=21

# Prints the major version of the JDK at $1 (empty when $1 is not a JDK with javac).
sparring_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  [ -n "$_v" ] || _v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  [ "$_v" != 1 ] || _v=8
  printf '%s' "$_v"
}

sparring_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    _major=$(sparring_jdk_major "$JAVA_HOME")
    if [ -n "$_major" ] && [ "$_major" -ge "$sparring_min_java" ]; then return 0; fi
    _rejected="JAVA_HOME=$JAVA_HOME (${_major:-not a JDK})"
  fi
  _best= _best_major=0
  _path_jdk=
  if command -v javac >/dev/null 2>&1; then
    _path_jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for _dir in $(ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null) $_path_jdk; do
    [ -L "$_dir" ] && continue
    _major=$(sparring_jdk_major "$_dir")
    if [ -n "$_major" ] && [ "$_major" -gt "$_best_major" ]; then _best=$_dir _best_major=$_major; fi
  done
  if [ "$_best_major" -ge "$sparring_min_java" ]; then
    JAVA_HOME=$_best
    export JAVA_HOME
    return 0
  fi
  echo "sparring: needs a JDK $sparring_min_java or newer, and none was found." >&2
  [ -z "${_rejected:-}" ] || echo "  rejected: $_rejected" >&2
  [ "$_best_major" -eq 0 ] || echo "  newest installed: $_best (Java $_best_major)" >&2
  echo "  Install one (for example: apt-get install openjdk-21-jdk, or a Temurin 21+ from adoptium.net)" >&2
  echo "  or set JAVA_HOME to a JDK >= $sparring_min_java." >&2
  return 1
}

sparring_select_jdk || exit 1
